/**
 * The launcher's command line as `npm start` runs it: the real bundle
 * (dist/launcher.js, built here into a folder under node_modules so its
 * third-party imports resolve), started as a process and stopped with Ctrl-C.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildViewerBundle } from '../harness/build-bundle.ts';
import { repositoryRoot } from '../harness/viewer-paths.ts';
import { validateLauncherConfig } from './launcher-config.ts';

interface Run {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

function run(script: string, args: string[]): Run {
  const child = spawn(process.execPath, [script, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let text = '';
  child.stdout!.on('data', (chunk: Buffer) => { text += chunk.toString(); });
  child.stderr!.on('data', (chunk: Buffer) => { text += chunk.toString(); });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => text, exited };
}

async function waitForOutput(r: Run, pattern: RegExp, ms = 30_000): Promise<RegExpMatchArray> {
  const until = Date.now() + ms;
  for (;;) {
    const match = r.output().match(pattern);
    if (match) return match;
    if (Date.now() > until || r.child.exitCode !== null) throw new Error(`no ${pattern} in launcher output:\n${r.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('launcher command line', () => {
  let dir: string;
  beforeAll(async () => {
    const cache = join(repositoryRoot(), 'node_modules', '.cache');
    mkdirSync(cache, { recursive: true });
    dir = mkdtempSync(join(cache, 'slv-viewer-launcher-'));
    await buildViewerBundle(dir);
  }, 120_000);
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('serves the built app with an embedded simulator and stops cleanly on Ctrl-C', async () => {
    const r = run(join(dir, 'launcher.js'), ['--port', '0', '--objects', '10', '--lights', '1', '--movers', '1']);
    try {
      const [, url] = await waitForOutput(r, /SLV viewer: (http:\/\/127\.0\.0\.1:\d+\/)/);
      expect(await (await fetch(url!)).text()).toContain('<canvas id="view"');
      const config = validateLauncherConfig(await (await fetch(`${url}launcher.json`)).json());
      expect(config.embedded).toBe(true);
      expect((await fetch(`${url}app.js`)).status).toBe(200);
      r.child.kill('SIGINT');
      expect(await r.exited).toBe(0);
      expect(r.output()).toMatch(/SIGINT: stopping/);
      expect(r.output()).toMatch(/stopped/);
    } finally {
      r.child.kill('SIGKILL');
    }
  }, 60_000);

  it('prints its usage for --help and refuses bad flags with the reason', async () => {
    const help = run(join(dir, 'launcher.js'), ['--help']);
    expect(await help.exited).toBe(0);
    expect(help.output()).toMatch(/--login-uri URI/);
    const bad = run(join(dir, 'launcher.js'), ['--port', 'http']);
    expect(await bad.exited).toBe(2);
    expect(bad.output()).toMatch(/--port must be an integer in 0\.\.65535, got "http"/);
  }, 30_000);

  it('says how to build when the app is not beside it', async () => {
    const lonely = mkdtempSync(join(dir, 'lonely-'));
    copyFileSync(join(dir, 'launcher.js'), join(lonely, 'launcher.js'));
    const r = run(join(lonely, 'launcher.js'), ['--port', '0']);
    expect(await r.exited).toBe(1);
    expect(r.output()).toMatch(/no built app in .*run "npm run build -w @slv\/viewer" first/);
  }, 30_000);
});
