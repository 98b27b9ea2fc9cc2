/**
 * Each way a login fails says its own words on the page, the same words the
 * launcher's log uses: a login URI the relay was not started with (typed into
 * the form), a grid that cannot be reached (the launcher started with
 * --login-uri at a closed port on 127.0.0.1), and the grid answering with an
 * error (a wrong password). After the errors the form still logs in.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeWithChromium } from '@slv/testing';
import { EMBEDDED_ACCOUNT } from '../launcher/launcher-config.ts';
import { startLauncher, type RunningLauncher } from '../launcher/start-launcher.ts';
import { buildViewerBundle } from '../harness/build-bundle.ts';
import { launchChromium, type ChromiumSession } from '../harness/chromium.ts';
import { openViewer, waitForStage } from '../harness/viewer-page.ts';

/** A port on 127.0.0.1 that nothing listens on (taken, then let go). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describeWithChromium('viewer in headless Chromium: login failures', (executablePath) => {
  let outdir: string;
  let browser: ChromiumSession;
  let page: Page;
  const launchers: RunningLauncher[] = [];
  const log: string[] = [];

  beforeAll(async () => {
    outdir = mkdtempSync(join(tmpdir(), 'slv-login-errors-e2e-'));
    await buildViewerBundle(outdir);
    browser = await launchChromium({ executablePath, width: 640, height: 400 });
    page = browser.page;
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    for (const launcher of launchers) await launcher.close();
    if (outdir) rmSync(outdir, { recursive: true, force: true });
  });

  async function launch(loginUri: string | null): Promise<RunningLauncher> {
    const launcher = await startLauncher({
      staticDir: outdir,
      port: 0,
      loginUri,
      scene: { seed: 1, objects: 0, lights: 0, movers: 0, layout: 'test' },
      // Only the demo account logs in, so a wrong password is the grid's refusal.
      region: { users: [EMBEDDED_ACCOUNT] },
      log: (line) => log.push(line),
    });
    launchers.push(launcher);
    return launcher;
  }

  /** Submits the form and returns what it says under its button once the login has failed. */
  async function failedLogin(fields: Partial<Record<'first' | 'last' | 'password' | 'login-uri', string>>): Promise<string> {
    for (const [id, value] of Object.entries(fields)) await page.fill(`#${id}`, value);
    await page.evaluate(() => { document.getElementById('login-error')!.textContent = ''; });
    await page.click('#login-button');
    await page.waitForFunction(() => (document.getElementById('login-error')?.textContent ?? '') !== '', null, { timeout: 30_000, polling: 100 });
    const shown = await page.evaluate(() => ({ form: document.getElementById('login-error')!.textContent!, status: document.getElementById('status')!.textContent! }));
    expect(shown.status).toBe(`Login failed: ${shown.form}`);
    return shown.form;
  }

  it('says the relay refused a login URI typed into the form, and how to start the launcher for it', async () => {
    const launcher = await launch(null);
    await openViewer(page, launcher.url);
    const typed = 'http://grid.example.invalid/login.cgi';
    const said = await failedLogin({ 'login-uri': typed });
    const reason = `not a login URI or a capability granted to this session; this launcher relays logins to ${launcher.loginUri} only; to log in to another grid, start the launcher with --login-uri <that grid's login URI> (npm start -- --login-uri URI)`;
    expect(said).toBe(`The launcher's relay refused the login URI ${typed}: ${reason}`);
    expect(said).not.toMatch(/HTTP 403/);
    expect(log.some((line) => line.startsWith('relay: session ') && line.endsWith(`refused POST http://grid.example.invalid/login.c…: ${reason}`))).toBe(true);
  });

  it('says the grid answered with an error for a wrong password, then logs in with the right one', async () => {
    const launcher = launchers[0]!;
    const said = await failedLogin({ 'login-uri': launcher.loginUri, password: 'not the password' });
    expect(said).toMatch(/^The grid answered the login with an error: login rejected \(key\): Could not authenticate your avatar/);
    expect(log.some((line) => line.endsWith('login answer grants nothing: the grid answered the login with an error (rejected: key)'))).toBe(true);
    await page.fill('#password', EMBEDDED_ACCOUNT.password);
    await page.click('#login-button');
    await waitForStage(page, 'connected');
  });

  it('says the grid is unreachable when the launcher\'s --login-uri answers nothing', async () => {
    const port = await closedPort();
    const loginUri = `http://127.0.0.1:${port}/login.cgi`;
    const launcher = await launch(loginUri);
    await openViewer(page, launcher.url);
    const said = await failedLogin({ first: 'Test', last: 'User', password: 'password' });
    const reason = 'upstream unreachable: ECONNREFUSED (nothing accepts connections at that address and port)';
    expect(said).toBe(`The grid is unreachable: the relay could not reach ${loginUri}: ${reason}`);
    expect(said).not.toMatch(/HTTP 502/);
    expect(log.some((line) => line.endsWith(`failed POST http://127.0.0.1:${port}/login.c…: ${reason}`))).toBe(true);
  });
});
