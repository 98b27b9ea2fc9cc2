/**
 * The engine packages as a user gets them (docs/packaging.md): each package
 * under packages/ is built (dist/) and packed with `npm pack`, and the tarballs
 * are installed with plain `npm install` into a fresh project outside the
 * repository (third-party packages from npm's cache, or the registry when the
 * cache lacks them). There, with plain Node and no loader, every export is
 * imported, a TypeScript file is type-checked against the installed
 * declarations, and examples/bot runs against `slv sim` on 127.0.0.1 until it
 * has printed objects and answered a chat line, examples/replay replays the
 * recorded OpenSimulator sessions into a world, examples/viewer's build.mjs
 * bundles the browser viewer with esbuild, and its serve.mjs serves it against
 * `slv sim` to headless Chromium, where it draws the region. The tarballs hold
 * no tests, fixtures or sources, and their source maps carry their sources.
 * TypeDoc's HTML reference (scripts/api-html.mjs) is generated from the same
 * built declarations, with no warnings.
 *
 * When npm cannot install (no registry, no cache) the suite is skipped with
 * npm's words, outside CI; in CI (CI=true or SLV_REQUIRE_FIXTURES=1) it fails.
 */
import { execFile, spawn, type ChildProcessByStdio } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { promisify } from 'node:util';
import { CHROMIUM_CANDIDATES, CHROMIUM_FLAGS, findChromium, repoRoot } from '@slv/testing';
import { connectWorldOverUdp } from '@slv/world/node';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtPackages, consumerEnv, installProject, packPackages, type PackedPackage } from './pack-project.test-support.ts';

const run = promisify(execFile);
type Child = ChildProcessByStdio<null, Readable, Readable>;
const required = process.env.CI === 'true' || process.env.CI === '1' || process.env.SLV_REQUIRE_FIXTURES === '1';

describe('the packed engine packages, installed outside the repository', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'slv-packed-'));
  const project = join(scratch, 'consumer');
  let packed: PackedPackage[] = [];
  /** Why the project could not be installed (npm's words), or null once it is. */
  let unavailable: string | null = 'not installed yet';

  beforeAll(async () => {
    await builtPackages();
    packed = await packPackages(join(scratch, 'tarballs'));
    unavailable = await installProject(project, packed);
    if (unavailable !== null && required) throw new Error(`npm could not install the packed packages (CI makes this a failure): ${unavailable}`);
  }, 400_000);
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  /** Skips (outside CI) when npm could not install the project. */
  const installed = (ctx: { skip: (note?: string) => void }): void => {
    if (unavailable !== null) ctx.skip(`npm could not install the packed packages: ${unavailable}`);
  };

  it('packs every engine package with dist, README and LICENSE, and no tests, fixtures, sources or maps pointing outside', () => {
    expect(packed.map((p) => p.name).sort()).toEqual(['@slv/assets', '@slv/config', '@slv/core', '@slv/net', '@slv/protocol', '@slv/render', '@slv/sim', '@slv/world']);
    const wrong: string[] = [];
    for (const pkg of packed) {
      for (const need of ['package.json', 'README.md', 'LICENSE', 'dist/index.js', 'dist/index.d.ts']) {
        if (!pkg.files.includes(need)) wrong.push(`${pkg.name}: no ${need}`);
      }
      for (const file of pkg.files) {
        if (/(^|\/)(__fixtures__|fixtures|test-support)\/|\.(test|e2e\.test|test-support)\.|^src\//.test(file)) wrong.push(`${pkg.name}: ${file}`);
        if (file.endsWith('.ts') && !file.endsWith('.d.ts')) wrong.push(`${pkg.name}: TypeScript source ${file}`);
        if (!file.endsWith('.map')) continue;
        const map = JSON.parse(readFileSync(join(pkg.dir, file), 'utf8')) as { sources: string[]; sourcesContent?: (string | null)[] };
        map.sources.forEach((source, i) => {
          const inside = relative(pkg.dir, resolve(pkg.dir, dirname(file), source));
          if (inside.startsWith('..')) wrong.push(`${pkg.name}: ${file} points outside the package at ${source}`);
          if (typeof map.sourcesContent?.[i] !== 'string') wrong.push(`${pkg.name}: ${file} lacks the content of ${source}`);
        });
      }
    }
    expect(wrong).toEqual([]);
  });

  it('generates the HTML API reference (TypeDoc) from the built declarations of every entry point, with no warnings', async () => {
    const out = join(scratch, 'api-html');
    const { stdout } = await run(process.execPath, [join(repoRoot, 'scripts/api-html.mjs'), '--out', out], { cwd: repoRoot, timeout: 240_000, maxBuffer: 16 * 1024 * 1024 })
      .catch((error: { stdout?: string; stderr?: string; message: string }) => { throw new Error(`api-html failed:\n${error.stdout ?? ''}${error.stderr ?? error.message}`); });
    const specifiers = packed.flatMap((pkg) => pkg.exports.map((subpath) => (subpath === '.' ? pkg.name : `${pkg.name}${subpath.slice(1)}`)));
    expect(stdout).toContain(`api-html: ${specifiers.length} modules (${[...specifiers].sort().join(', ')})`);
    // A module page per specifier, and the pages of what the examples use.
    for (const specifier of specifiers) expect(statSync(join(out, 'modules', `${specifier.replace(/[@/]/g, '_')}.html`)).size, specifier).toBeGreaterThan(0);
    expect(readFileSync(join(out, 'interfaces/_slv_world.WorldClient.html'), 'utf8')).toContain('id="use"');
    expect(readFileSync(join(out, 'functions/_slv_render.createRenderer.html'), 'utf8')).toContain('RendererOptions');
  }, 300_000);

  it('imports every export of every package from plain Node, without a loader', async (ctx) => {
    installed(ctx);
    const specifiers = packed.flatMap((pkg) => pkg.exports.map((subpath) => (subpath === '.' ? pkg.name : `${pkg.name}${subpath.slice(1)}`)));
    writeFileSync(join(project, 'import-all.mjs'), [
      `const counts = {};`,
      `for (const s of ${JSON.stringify(specifiers)}) counts[s] = Object.keys(await import(s)).length;`,
      `console.log(JSON.stringify(counts));`,
    ].join('\n'));
    const { stdout } = await run(process.execPath, ['import-all.mjs'], { cwd: project, env: consumerEnv(), timeout: 60_000 });
    const counts = JSON.parse(stdout) as Record<string, number>;
    expect(Object.keys(counts).sort()).toEqual([...specifiers].sort());
    for (const [specifier, count] of Object.entries(counts)) expect(count, specifier).toBeGreaterThan(0);
    expect(specifiers).toContain('@slv/world/node');
  }, 120_000);

  it('type-checks a consumer against the installed declarations (NodeNext, strict, no skipLibCheck)', async (ctx) => {
    installed(ctx);
    writeFileSync(join(project, 'tsconfig.json'), JSON.stringify({
      compilerOptions: {
        target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, noEmit: true, skipLibCheck: false,
        lib: ['ES2023', 'DOM', 'DOM.Iterable'], types: ['node'],
      },
      files: ['consumer.ts'],
    }));
    writeFileSync(join(project, 'consumer.ts'), CONSUMER_TS);
    const tsc = join(repoRoot, 'node_modules/typescript/bin/tsc');
    const result = await run(process.execPath, [tsc, '-p', project], { cwd: project, timeout: 120_000 }).catch((error: { stdout?: string }) => error);
    expect('stdout' in result ? result.stdout : '').toBe('');
  }, 150_000);

  it('runs examples/bot against slv sim on 127.0.0.1: objects printed, a chat line answered, logged out on SIGINT', async (ctx) => {
    installed(ctx);
    copyFileSync(join(repoRoot, 'examples/bot/bot.mjs'), join(project, 'bot.mjs'));
    const sim = spawn(process.execPath, [join(repoRoot, 'apps/slv/dist/slv.js'), 'sim', '--port', '0', '--objects', '10', '--movers', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let bot: Child | null = null;
    try {
      const simOut = lines(sim);
      const loginUri = await simOut.waitFor((l) => l.startsWith('http://127.0.0.1:'), 60_000);
      bot = spawn(process.execPath, ['bot.mjs', loginUri], { cwd: project, env: consumerEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
      const botOut = lines(bot);
      await botOut.waitFor((l) => l.startsWith('logged in as Test User'), 60_000);
      await botOut.waitFor(() => botOut.all.filter((l) => l.startsWith('+ prim ')).length >= 10, 60_000);

      const visitor = await connectWorldOverUdp({ loginUri, credentials: { first: 'Visiting', last: 'Tester', password: 'x' }, preset: 'Low' });
      const heard: string[] = [];
      visitor.onChat((c) => heard.push(`${c.fromName}: ${c.message}`));
      visitor.say('hello bot');
      await botOut.waitFor((l) => l === 'Visiting Tester: hello bot', 30_000);
      await until(() => heard.includes('Test User: Hello Visiting Tester, you said "hello bot"'), 30_000);
      await visitor.logout();

      bot.kill('SIGINT');
      await botOut.waitFor((l) => l.startsWith('logged out'), 30_000);
      expect(await exitCode(bot)).toBe(0);
    } finally {
      bot?.kill('SIGKILL');
      sim.kill('SIGINT');
      await exitCode(sim);
    }
  }, 240_000);

  it('replays the recorded OpenSimulator sessions into a world with examples/replay, no network', async (ctx) => {
    installed(ctx);
    copyFileSync(join(repoRoot, 'examples/replay/replay.mjs'), join(project, 'replay.mjs'));
    const replay = async (session: string): Promise<string[]> =>
      (await run(process.execPath, ['replay.mjs', join(repoRoot, 'fixtures/opensim-0.9.2.2', session)], { cwd: project, env: consumerEnv(), timeout: 60_000 })).stdout.trim().split('\n');
    const login = await replay('session-login.udp.jsonl');
    expect(login.filter((l) => l.startsWith('+ prim ')).length).toBeGreaterThanOrEqual(6);
    expect(login.some((l) => l.startsWith('+ avatar '))).toBe(true);
    expect(login.at(-1)).toMatch(/^replayed \d+ datagrams \(0 undecoded, \d+ LayerData\): 7 objects in the world$/);
    // The second session kills objects: the replay prints them leaving.
    expect((await replay('session-rez.udp.jsonl')).some((l) => l.startsWith('- '))).toBe(true);
  }, 120_000);

  it('bundles examples/viewer for the browser with its own build.mjs (esbuild), from the installed packages only', async (ctx) => {
    installed(ctx);
    const viewer = join(project, 'viewer');
    mkdirSync(viewer, { recursive: true });
    for (const file of ['main.mjs', 'build.mjs', 'serve.mjs', 'index.html']) copyFileSync(join(repoRoot, 'examples/viewer', file), join(viewer, file));
    await run(process.execPath, ['build.mjs'], { cwd: viewer, env: consumerEnv(), timeout: 120_000 });
    const bundle = readFileSync(join(viewer, 'dist/main.js'), 'utf8');
    expect(statSync(join(viewer, 'dist/main.js')).size).toBeGreaterThan(100_000);
    // Browser code only: nothing Node-only reached the bundle, and nothing from the repository's sources.
    expect(bundle).not.toMatch(/from\s*["']node:|require\(["']node:/);
    expect(bundle).not.toContain(repoRoot);
    expect(bundle).toContain('RequestMultipleObjects');
    // serve.mjs (Node: the relay and an embedded simulator) at least loads its imports; the next test runs it.
    await run(process.execPath, ['--input-type=module', '-e', `await import('@slv/net/node'); await import('@slv/sim');`], { cwd: viewer, env: consumerEnv(), timeout: 60_000 });
  }, 150_000);

  it('serves examples/viewer against slv sim and, in Chromium, logs in through the relay and draws the region', async (ctx) => {
    installed(ctx);
    const executablePath = findChromium();
    if (executablePath === null) {
      const why = `no Chromium ($SLV_CHROMIUM or ${CHROMIUM_CANDIDATES.join(', ')}; apt-get install chromium)`;
      if (required) throw new Error(`${why} (CI makes this a failure)`);
      ctx.skip(why);
    }
    const viewer = join(project, 'viewer');
    expect(statSync(join(viewer, 'dist/main.js')).size, 'the bundle the test before made').toBeGreaterThan(0);
    const objects = 12;
    const sim = spawn(process.execPath, [join(repoRoot, 'apps/slv/dist/slv.js'), 'sim', '--port', '0', '--objects', String(objects), '--movers', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let server: Child | null = null;
    const browser = await chromium.launch({ executablePath: executablePath!, headless: true, args: [...CHROMIUM_FLAGS] });
    try {
      const loginUri = await lines(sim).waitFor((l) => l.startsWith('http://127.0.0.1:'), 60_000);
      server = spawn(process.execPath, ['serve.mjs', loginUri], { cwd: viewer, env: { ...consumerEnv(), PORT: '0' }, stdio: ['ignore', 'pipe', 'pipe'] });
      const url = /^open (http:\/\/127\.0\.0\.1:\d+\/)/.exec(await lines(server).waitFor((l) => l.startsWith('open http://'), 60_000))![1]!;
      const page = await browser.newPage({ viewport: { width: 480, height: 300 }, deviceScaleFactor: 1 });
      const problems: string[] = [];
      page.on('pageerror', (error) => problems.push(error.message));
      await page.goto(url);
      // The status line, "<region>: N objects, M draw calls", once frames run with the scene ingested.
      const drawn = async (): Promise<{ seen: number; draws: number } | string> => {
        const text = (await page.locator('#status').textContent()) ?? '';
        const match = /: (\d+) objects, (\d+) draw calls$/.exec(text);
        return match && Number(match[1]) >= objects && Number(match[2]) > 0 ? { seen: Number(match[1]), draws: Number(match[2]) } : `${text} ${problems.join('; ')}`;
      };
      let last: { seen: number; draws: number } | string = '';
      await expect.poll(async () => typeof (last = await drawn()), { timeout: 120_000, interval: 250 }).toBe('object');
      expect(last).toMatchObject({ seen: expect.any(Number), draws: expect.any(Number) });
      // The picture, copied from the WebGL canvas right after a frame drew it: terrain, water and prims lit by the sun, not one clear colour.
      const picture = await page.evaluate(() => new Promise<{ colours: number; width: number; height: number }>((done) => {
        requestAnimationFrame(() => {                                   // runs after the example's own frame callback
          const canvas = document.querySelector('canvas')!;
          const copy = document.createElement('canvas');
          copy.width = canvas.width;
          copy.height = canvas.height;
          const context = copy.getContext('2d')!;
          context.drawImage(canvas, 0, 0);
          const { data } = context.getImageData(0, 0, copy.width, copy.height);
          const colours = new Set<number>();
          for (let i = 0; i < data.length; i += 4) colours.add(((data[i]! >> 3) << 10) | ((data[i + 1]! >> 3) << 5) | (data[i + 2]! >> 3));
          done({ colours: colours.size, width: copy.width, height: copy.height });
        });
      }));
      expect(picture.width * picture.height).toBe(480 * 300);
      expect(picture.colours, 'distinct colours (5 bits a channel): sky alone has a few, terrain shading hundreds').toBeGreaterThanOrEqual(64);
      expect(problems).toEqual([]);
    } finally {
      await browser.close();
      server?.kill('SIGTERM');
      sim.kill('SIGINT');
      if (server) await exitCode(server);
      await exitCode(sim);
    }
  }, 240_000);
});

/** What a TypeScript consumer writes: the main entries of each package, typed (double quotes: it is text here, not an import of this package). */
const CONSUMER_TS = `
import { presetSettings, PerformanceSettingsResource, type PerformanceSettings } from "@slv/config";
import { createEngineWorld, createScheduler, createResources, type EngineWorld, type SystemDef } from "@slv/core";
import { AgentSession, MessageBus, relayFetch, WebSocketTransport, type SessionEnd } from "@slv/net";
import { UdpTransport } from "@slv/net/node";
import { PCode, uuidToString } from "@slv/protocol";
import { connectWorld, WORLD_SYSTEMS, type WorldClient, type WorldClientResources, type WorldObject } from "@slv/world";
import { connectWorldOverUdp } from "@slv/world/node";
import { startRegion, type RunningRegion } from "@slv/sim";
import * as assets from "@slv/assets";
import * as render from "@slv/render";

const settings: PerformanceSettings = presetSettings('Low');
const world: EngineWorld = createEngineWorld({ capacity: settings.world.entityCapacity });
const resources = createResources({ settings: new PerformanceSettingsResource(), bus: new MessageBus() });
const scheduler = createScheduler(world, resources);
const avatar: number = PCode.Avatar;
const text: string = uuidToString(new Uint8Array(16), 0);

async function bot(loginUri: string): Promise<SessionEnd> {
  const client: WorldClient = await connectWorldOverUdp({ loginUri, credentials: { first: 'A', last: 'B', password: 'c' } });
  client.onObjectAdded((o: WorldObject) => console.log(o.localId, o.fullId, o.position[0].toFixed(1)));
  client.step();
  await client.logout();
  return client.ended;
}
async function sim(): Promise<RunningRegion> {
  return startRegion({ port: 0 });
}

// examples/viewer/main.mjs in TypeScript: the renderer joins connectWorld's client with no cast.
async function viewer(canvas: HTMLCanvasElement, loginUri: string): Promise<number> {
  const transport = await WebSocketTransport.connect("ws://127.0.0.1:8080/relay");
  const client = await connectWorld({ loginUri, credentials: { first: "A", last: "B", password: "c" }, transport, fetch: relayFetch(transport, "http://127.0.0.1:8080/proxy") });
  const renderer: render.Renderer = render.createRenderer({ canvas, capacity: client.world.capacity });
  renderer.environment.regionIndex = client.regionIndex;
  render.setSunDirection(renderer.environment, 0.4, 0.3, 0.87);
  const drawn = client.use({ renderer: renderer.state }, render.RENDER_SYSTEMS);
  drawn.resources.camera.view.set(new Float32Array(16));
  drawn.step(0);
  const state: render.RenderState = drawn.resources.renderer;
  // @ts-expect-error the render systems read resources.renderer, which a client without it lacks
  client.use({}, render.RENDER_SYSTEMS);
  // @ts-expect-error nor may it be of another type
  client.use({ renderer: 1 }, render.RENDER_SYSTEMS);
  // A system of the app's own, on what the client has and what it adds.
  const hud: SystemDef<EngineWorld, WorldClientResources & { readonly hud: { frames: number } }> = { name: "hud", phase: "render", run: (_w, r) => { r.hud.frames++; } };
  return drawn.use({ hud: { frames: 0 } }, [hud]).resources.hud.frames + state.stats.drawCalls;
}
void [scheduler, avatar, text, bot, sim, viewer, connectWorld, WORLD_SYSTEMS, AgentSession, UdpTransport, assets];
`;

/** A child's stdout, line by line, with a wait for a line that matches. */
function lines(child: Child): { all: string[]; waitFor: (match: (line: string) => boolean, ms: number) => Promise<string> } {
  const all: string[] = [];
  let errors = '';
  let partial = '';
  const waiting = new Set<() => void>();
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    const parts = (partial + chunk).split('\n');
    partial = parts.pop()!;
    all.push(...parts);
    for (const wake of waiting) wake();
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => { errors = (errors + chunk).slice(-4000); });
  child.on('exit', () => { for (const wake of waiting) wake(); });
  const waitFor = (match: (line: string) => boolean, ms: number): Promise<string> => new Promise((resolvePromise, reject) => {
    const check = (): void => {
      const found = all.find(match);
      if (found !== undefined) { done(); resolvePromise(found); } else if (child.exitCode !== null) { done(); reject(new Error(`exited (${child.exitCode}) first; stdout:\n${all.join('\n')}\nstderr:\n${errors}`)); }
    };
    const timer = setTimeout(() => { done(); reject(new Error(`timed out; stdout:\n${all.join('\n')}\nstderr:\n${errors}`)); }, ms);
    const done = (): void => { clearTimeout(timer); waiting.delete(check); };
    waiting.add(check);
    check();
  });
  return { all, waitFor };
}

function exitCode(child: Child): Promise<number | null> {
  return child.exitCode !== null || child.signalCode !== null ? Promise.resolve(child.exitCode) : new Promise((done) => child.once('exit', (code) => done(code)));
}

async function until(done: () => boolean, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (!done()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolvePromise) => setTimeout(resolvePromise, 25));
  }
}
