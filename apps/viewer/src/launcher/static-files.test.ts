import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStaticHandler, staticFilePath } from './static-files.ts';

describe('static file paths', () => {
  it('maps request paths inside the root and nothing else', () => {
    expect(staticFilePath('/srv/app', '/')).toBe('/srv/app/index.html');
    expect(staticFilePath('/srv/app', '/app.js')).toBe('/srv/app/app.js');
    expect(staticFilePath('/srv/app', '/a%20b/c.js')).toBe('/srv/app/a b/c.js');
    for (const bad of ['/../etc/passwd', '/%2e%2e/etc/passwd', '/a/../../x', '/.env', '/a//b', '/%E0%A4%A', '/a%00b', '/a\\..\\b', 'relative', `/${'x'.repeat(2000)}`]) {
      expect(staticFilePath('/srv/app', bad), bad).toBeNull();
    }
  });
});

describe('static file handler', () => {
  let root: string;
  let server: Server;
  let base: string;
  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'slv-static-'));
    writeFileSync(join(root, 'index.html'), '<!doctype html><title>t</title>');
    writeFileSync(join(root, 'app.js'), 'console.log(1);');
    mkdirSync(join(root, 'folder'));
    writeFileSync(join(root, '.secret'), 'no');
    server = createServer(createStaticHandler(root));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    rmSync(root, { recursive: true, force: true });
  });

  it('serves files with their types and no caching of stale bundles', async () => {
    const index = await fetch(`${base}/`);
    expect(index.status).toBe(200);
    expect(index.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await index.text()).toContain('<title>t</title>');
    const app = await fetch(`${base}/app.js?v=2`);
    expect(app.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(app.headers.get('cache-control')).toBe('no-cache');
    expect(app.headers.get('cross-origin-embedder-policy')).toBe('require-corp');
    const head = await fetch(`${base}/app.js`, { method: 'HEAD' });
    expect(head.headers.get('content-length')).toBe(String('console.log(1);'.length));
  });

  it('answers 404 for missing files, folders, hidden files and escapes; 405 for writes', async () => {
    for (const path of ['/missing.js', '/folder', '/.secret', '/%2e%2e/package.json']) {
      const response = await fetch(`${base}${path}`);
      expect(response.status, path).toBe(404);
      expect(await response.text()).toBe('not found\n');
    }
    const post = await fetch(`${base}/app.js`, { method: 'POST', body: 'x' });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET, HEAD');
  });
});
