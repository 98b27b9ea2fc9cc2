/**
 * The IndexedDB codestream store in headless Chromium, on a page served from
 * 127.0.0.1 (IndexedDB needs a real origin) with a persistent profile:
 * prefixes and whole codestreams read back after a page reload and after a
 * browser restart, the byte budget is kept by evicting the least recently
 * used, a smaller budget evicts on open, and entries this store would never
 * write are dropped with an error naming them.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { CHROMIUM_FLAGS, describeWithChromium } from '@slv/testing';
import { expect, it } from 'vitest';
import type { StorePageApi } from './indexeddb-store.test-support.ts';

const id = (n: number) => `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
const [A, B, C, D, E, F, G, H] = [1, 2, 3, 4, 5, 6, 7, 8].map(id);

async function serveStorePage(): Promise<{ server: Server; url: string }> {
  const bundled = await build({
    entryPoints: [fileURLToPath(new URL('./indexeddb-store.test-support.ts', import.meta.url))],
    bundle: true, format: 'iife', platform: 'browser', target: 'es2022', write: false, logLevel: 'silent',
  });
  const script = bundled.outputFiles[0]!.text;
  const server = createServer((req, res) => {
    if (req.url === '/store.js') {
      res.writeHead(200, { 'content-type': 'text/javascript' });
      res.end(script);
    } else {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<!doctype html><script src="/store.js"></script>');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/` };
}

/** Calls one of the page's store functions. */
function call<K extends keyof StorePageApi>(page: Page, name: K, ...args: Parameters<StorePageApi[K]>): Promise<Awaited<ReturnType<StorePageApi[K]>>> {
  return page.evaluate(
    ([fn, rest]) => (globalThis as unknown as { slvStore: Record<string, (...a: unknown[]) => unknown> }).slvStore[fn as string]!(...(rest as unknown[])),
    [name, args] as const,
  ) as Promise<Awaited<ReturnType<StorePageApi[K]>>>;
}

describeWithChromium('IndexedDbCodestreamStore in Chromium', (executablePath) => {
  it('survives a reload and a restart, stays within its budget by least recent use, and drops odd entries with a clear error', async () => {
    const { server, url } = await serveStorePage();
    const profile = mkdtempSync(join(tmpdir(), 'slv-assets-idb-'));
    let context: BrowserContext | null = null;
    const launch = async (): Promise<Page> => {
      context = await chromium.launchPersistentContext(profile, { executablePath, headless: true, args: [...CHROMIUM_FLAGS] });
      const page = context.pages()[0] ?? (await context.newPage());
      await page.goto(url);
      return page;
    };
    try {
      let page = await launch();
      expect(await call(page, 'open', 3000)).toEqual({ ids: [], bytes: 0 });
      await call(page, 'put', A, 1000, 1, 5000, false);
      await call(page, 'put', B, 1000, 2, 1000, true);
      await call(page, 'put', C, 1000, 3, null, false);
      await call(page, 'get', A); // A is now the most recently used

      await page.reload();
      expect(await call(page, 'open', 3000)).toEqual({ ids: [B, C, A], bytes: 3000 });
      expect(await call(page, 'get', B)).toEqual({ length: 1000, fill: 2, total: 1000, complete: true });
      expect(await call(page, 'get', C)).toEqual({ length: 1000, fill: 3, total: null, complete: false });
      expect(await call(page, 'get', A)).toEqual({ length: 1000, fill: 1, total: 5000, complete: false });
      expect(await call(page, 'put', D, 1000, 4, 1000, true)).toEqual({ ids: [C, A, D], bytes: 3000 });
      expect(await call(page, 'get', B)).toBeNull();

      await context!.close();
      page = await launch();
      expect(await call(page, 'open', 3000)).toEqual({ ids: [C, A, D], bytes: 3000 });
      expect(await call(page, 'get', D)).toEqual({ length: 1000, fill: 4, total: 1000, complete: true });
      expect(await call(page, 'open', 2000)).toEqual({ ids: [A, D], bytes: 2000 }); // a smaller budget evicts on open
      expect(await call(page, 'put', B, 5000, 2, 5000, true)).toEqual({ ids: [A, D], bytes: 2000 }); // over the whole budget: not kept
      await page.reload();
      expect(await call(page, 'open', 2000)).toEqual({ ids: [A, D], bytes: 2000 });
      expect(await call(page, 'errors')).toEqual([]);

      await call(page, 'plant', [
        { key: 'not-a-uuid', usage: { size: 1, lastUsed: 1 }, codestream: { bytesLength: 1, total: 1, complete: true } },
        { key: E, usage: { size: 3, lastUsed: 2 }, codestream: { bytes: 'abc', total: 3, complete: true } },
        { key: F, usage: { size: 10, lastUsed: 3 }, codestream: { bytesLength: 10, total: 5, complete: false } },
        { key: G, codestream: { bytesLength: 10, total: 10, complete: true } },
        { key: H, usage: { size: -1, lastUsed: 4 } },
      ]);
      expect(await call(page, 'open', 4000)).toEqual({ ids: [E, F, A, D], bytes: 2013 });
      expect(await call(page, 'errors')).toEqual([
        `IndexedDB codestream store: entry "${H}" dropped: the usage record's size is -1`,
        'IndexedDB codestream store: entry "not-a-uuid" dropped: the key is not a texture id',
        `IndexedDB codestream store: entry "${G}" dropped: a codestream without its usage record`,
      ]);
      expect(await call(page, 'get', E)).toBeNull();
      expect(await call(page, 'get', F)).toBeNull();
      expect(await call(page, 'get', A)).toEqual({ length: 1000, fill: 1, total: 5000, complete: false });
      expect(await call(page, 'errors')).toEqual([
        `IndexedDB codestream store: entry "${E}" dropped: its bytes are not a Uint8Array`,
        `IndexedDB codestream store: entry "${F}" dropped: its total 5 does not fit its 10 bytes`,
      ]);
      await page.reload();
      expect(await call(page, 'open', 4000)).toEqual({ ids: [D, A], bytes: 2000 });
      expect(await call(page, 'errors')).toEqual([]);
      expect(await call(page, 'remove', D)).toEqual({ ids: [A], bytes: 1000 });
    } finally {
      await (context as BrowserContext | null)?.close();
      server.close();
      rmSync(profile, { recursive: true, force: true });
    }
  }, 120_000);
});
