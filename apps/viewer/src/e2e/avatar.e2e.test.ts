/**
 * The avatar end to end: the viewer in headless Chromium logged in to the
 * embedded simulator through the relay; keys held in the page walk, turn and
 * fly the avatar (Shift with a side key slides it). The checks read the
 * avatar's position from the world's
 * components (window.slvViewer.avatar()), the simulator's own account of it,
 * and the camera, which follows behind. Then local chat with a second agent,
 * an AgentSession from Node over UDP standing beside the viewer's avatar.
 */
import { presetSettings } from '@slv/config';
import { AgentSession, MessageBus } from '@slv/net';
import { UdpTransport } from '@slv/net/node';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeWithChromium } from '@slv/testing';
import type { RunningLauncher } from '../launcher/start-launcher.ts';
import type { ChromiumSession } from '../harness/chromium.ts';
import { startViewerSession, type ViewerSession } from '../harness/viewer-session.ts';
import { hidePanels, waitForViewer, waitFrames } from '../harness/viewer-page.ts';
import { displayName } from '../app/avatar/name-tags.ts';
import type { AvatarState } from '../app/viewer-api.ts';

/** The simulator keeps the avatar's middle this far above the ground. */
const STAND_HEIGHT = 1;

describeWithChromium('viewer in headless Chromium: the avatar walks and flies', (executablePath) => {
  let launcher: RunningLauncher;
  let browser: ChromiumSession;
  let page: Page;
  let session: ViewerSession | undefined;

  const avatar = async (): Promise<AvatarState> => (await page.evaluate(() => window.slvViewer!.avatar()))!;
  const ground = (x: number, y: number) => page.evaluate(([gx, gy]) => window.slvViewer!.terrainHeight(gx, gy), [x, y] as const);
  const simAgent = () => launcher.region!.agents()[0]!;
  function failureContext(): string {
    return browser.problems.length === 0 ? '' : `\npage said:\n  ${browser.problems.slice(-10).join('\n  ')}`;
  }
  /** Holds `key` for `ms`, sampling the avatar every 100 ms meanwhile. */
  async function hold(key: string, ms: number): Promise<AvatarState[]> {
    const samples: AvatarState[] = [];
    await page.keyboard.down(key);
    const end = Date.now() + ms;
    while (Date.now() < end) {
      await page.waitForTimeout(100);
      samples.push(await avatar());
    }
    await page.keyboard.up(key);
    return samples;
  }
  /**
   * Waits until the avatar in the viewer has stopped where the simulator says it is: at rest
   * there, and still there a poll later (extrapolating past the stop, it passes through it).
   */
  async function settle(): Promise<AvatarState> {
    let last: AvatarState | null = null;
    await expect.poll(async () => {
      const previous = last;
      const a = (last = await avatar());
      const s = simAgent();
      const still = previous !== null && Math.hypot(...a.position.map((v, k) => v - previous.position[k]!)) < 0.001;
      return still && Math.hypot(...a.position.map((v, k) => v - s.position[k]!)) < 0.05 && Math.hypot(...s.velocity) === 0;
    }, { timeout: 10_000, interval: 100 }).toBe(true);
    return last!;
  }

  beforeAll(async () => {
    session = await startViewerSession({ executablePath, name: 'avatar-e2e', width: 480, height: 300 });
    ({ launcher, browser, page } = session);
    await waitForViewer(page, 'the avatar in the world', (v) => (v.avatar()?.eid ?? -1) >= 0, null, 60_000);
    await page.locator('#view').focus();
  }, 240_000);

  afterAll(async () => {
    await session?.close();
  });

  it('holding the forward key walks the avatar along its heading, on the terrain, with the camera behind it', async () => {
    const start = await settle();
    expect((await page.evaluate(() => window.slvViewer!.camera())).mode).toBe('follow');
    const samples = await hold('ArrowUp', 1500);
    expect(samples.some((s) => (s.controlFlags & 0x1) !== 0), 'AT_POS was sent while the key was down').toBe(true);
    for (const s of samples) {
      const h = await ground(s.position[0], s.position[1]);
      expect(Math.abs(s.position[2] - (h! + STAND_HEIGHT)), `on the terrain at ${s.position.map((v) => v.toFixed(2))}${failureContext()}`).toBeLessThan(0.35);
    }
    const end = await settle();
    const dx = end.position[0] - start.position[0];
    const dy = end.position[1] - start.position[1];
    const along = dx * Math.cos(start.yaw) + dy * Math.sin(start.yaw);
    const across = -dx * Math.sin(start.yaw) + dy * Math.cos(start.yaw);
    expect(along, `walked forward${failureContext()}`).toBeGreaterThan(2.5);
    expect(Math.abs(across)).toBeLessThan(0.3);
    expect(end.controlFlags).toBe(0);
    // The camera sits behind the avatar, looking along its heading.
    await waitFrames(page, 30);
    const camera = await page.evaluate(() => window.slvViewer!.camera());
    expect(camera.target[0]).toBeCloseTo(end.position[0], 1);
    expect(camera.target[1]).toBeCloseTo(end.position[1], 1);
    const look = Math.atan2(camera.target[1] - camera.eye[1], camera.target[0] - camera.eye[0]);
    expect(Math.abs(Math.atan2(Math.sin(look - end.yaw), Math.cos(look - end.yaw)))).toBeLessThan(0.15);
  }, 60_000);

  it('holding a turn key turns the avatar left (at most 90° a second), and the simulator turns it too', async () => {
    const start = await settle();
    // How long the page saw the key held: on a loaded machine the key-up can reach it late.
    await page.evaluate(() => {
      const w = window as unknown as { slvKeyHeld?: { down: number; up: number } };
      w.slvKeyHeld = { down: -1, up: -1 };
      window.addEventListener('keydown', (e) => { if (e.key === 'ArrowLeft' && w.slvKeyHeld!.down < 0) w.slvKeyHeld!.down = performance.now(); });
      window.addEventListener('keyup', (e) => { if (e.key === 'ArrowLeft') w.slvKeyHeld!.up = performance.now(); });
    });
    await hold('ArrowLeft', 1000);
    const turned = await avatar();
    const heldMs = await page.evaluate(() => {
      const held = (window as unknown as { slvKeyHeld: { down: number; up: number } }).slvKeyHeld;
      return held.up - held.down;
    });
    const delta = Math.atan2(Math.sin(turned.yaw - start.yaw), Math.cos(turned.yaw - start.yaw));
    // Left is counter-clockwise. Never faster than 90° a second of the key held as the page saw it (plus
    // a frame: a frame turns at most a quarter second's worth); slower when a loaded machine drops frames,
    // so only a generous floor.
    expect(delta).toBeGreaterThan(0.6);
    expect(delta, `held ${Math.round(heldMs)} ms`).toBeLessThan((Math.PI / 2) * (heldMs / 1000) + Math.PI / 8);
    await expect.poll(() => {
      const yaw = simAgent().yaw;
      return Math.abs(Math.atan2(Math.sin(yaw - turned.yaw), Math.cos(yaw - turned.yaw)));
    }, { timeout: 5000 }).toBeLessThan(0.01);
  }, 30_000);

  it('Shift with a side key slides the avatar sideways without turning it (LEFT_POS / LEFT_NEG)', async () => {
    const start = await settle();
    await page.keyboard.down('Shift');
    const samples = await hold('ArrowLeft', 1200);
    await page.keyboard.up('Shift');
    expect(samples.some((s) => (s.controlFlags & 0x004) !== 0), 'LEFT_POS was sent while the keys were down').toBe(true);
    const end = await settle();
    const dx = end.position[0] - start.position[0];
    const dy = end.position[1] - start.position[1];
    // Left of the heading is the heading turned a quarter counter-clockwise.
    const across = -dx * Math.sin(start.yaw) + dy * Math.cos(start.yaw);
    const along = dx * Math.cos(start.yaw) + dy * Math.sin(start.yaw);
    expect(across, `slid left${failureContext()}`).toBeGreaterThan(1.5);
    expect(Math.abs(along)).toBeLessThan(0.3);
    expect(Math.abs(Math.atan2(Math.sin(end.yaw - start.yaw), Math.cos(end.yaw - start.yaw)))).toBeLessThan(0.01);
  }, 30_000);

  it('flies up with F and E, hovers, and lands flying down with C', async () => {
    const start = await settle();
    await page.keyboard.press('f');
    await expect.poll(() => simAgent().flying, { timeout: 5000 }).toBe(true);
    await hold('e', 1000);
    await expect.poll(async () => (await avatar()).position[2] - start.position[2], { timeout: 5000 }).toBeGreaterThan(8);
    const up = await settle();
    expect(up.flying).toBe(true);
    await page.waitForTimeout(500);
    expect((await avatar()).position[2]).toBeCloseTo(up.position[2], 1); // hovering
    await page.keyboard.down('c');
    await expect.poll(async () => (await avatar()).flying, { timeout: 10_000 }).toBe(false);
    await page.keyboard.up('c');
    const landed = await settle();
    const h = await ground(landed.position[0], landed.position[1]);
    expect(landed.position[2]).toBeCloseTo(h! + STAND_HEIGHT, 1);
    expect(simAgent().flying).toBe(false);
  }, 60_000);

  it('a line typed in the chat bar reaches an agent nearby, and its answer appears in the history', async () => {
    const here = await settle();
    const friend = await AgentSession.connect({
      loginUri: launcher.region!.loginUri,
      credentials: { first: 'Chat', last: 'Friend', password: 'password' },
      loginOptions: { start: { region: launcher.region!.scene.regionName, x: here.position[0] + 3, y: here.position[1], z: 0 } },
      transport: await UdpTransport.bind(0, '127.0.0.1'),
      settings: presetSettings('Balanced').network,
      bus: new MessageBus(),
    });
    try {
      const heard: { from: string; type: number; text: string }[] = [];
      friend.bus.on('ChatFromSimulator', (r) => {
        heard.push({ from: r.ChatData.FromNameString(), type: r.ChatData.ChatType(), text: r.ChatData.MessageString() });
      });
      await expect.poll(() => launcher.region!.agents().find((a) => a.firstName === 'Chat')?.stage, { timeout: 10_000 }).toBe('ready');
      // Both avatars carry their names (ObjectUpdate NameValue); the viewer's own, seen from behind, shows above its head.
      await expect.poll(async () => (await page.evaluate(() => window.slvViewer!.nameTags())).map((t) => t.name).sort(), { timeout: 10_000 })
        .toEqual(['Chat Friend', displayName(simAgent().firstName, simAgent().lastName)].sort());
      const own = (await page.evaluate(() => window.slvViewer!.nameTags())).find((t) => t.eid === here.eid)!;
      expect(own.visible).toBe(true);
      const body = await page.evaluate((p) => window.slvViewer!.project(p), here.position);
      expect(Math.abs(own.x - body.x)).toBeLessThan(4);
      expect(own.y).toBeLessThan(body.y);
      // The panels were hidden for screenshots; the chat bar must be visible to take the keys.
      await hidePanels(page, false);
      // Enter in the world opens the chat bar; Enter there says the line and gives the keys back.
      await page.locator('#view').focus();
      await page.keyboard.press('Enter');
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('chat-input');
      await page.keyboard.type('hello from the viewer');
      await page.keyboard.press('Enter');
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('view');
      await expect.poll(() => heard.map((h) => h.text), { timeout: 10_000 }).toContain('hello from the viewer');
      const said = heard.find((h) => h.text === 'hello from the viewer')!;
      expect(said.from).toMatch(/\S+ \S+/);
      expect(said.type).toBe(1);

      friend.sendChat('hello back');
      friend.sendChat('CAN YOU HEAR ME', 0, 2);
      launcher.region!.chat('Welcome to the test region.');
      const history = () => page.evaluate(() => window.slvViewer!.chatHistory());
      await expect.poll(async () => (await history()).length, { timeout: 10_000 }).toBeGreaterThanOrEqual(4);
      expect(await history()).toEqual(expect.arrayContaining([
        { from: 'Chat Friend', kind: 'say', object: false, text: 'hello back' },
        { from: 'Chat Friend', kind: 'shout', object: false, text: 'CAN YOU HEAR ME' },
        { from: '', kind: 'system', object: false, text: 'Welcome to the test region.' },
      ]));
      const shown = await page.locator('#chat-history').innerText();
      expect(shown).toContain('Chat Friend: hello back');
      expect(shown).toContain('Chat Friend shouts: CAN YOU HEAR ME');
      expect(shown).toContain('Welcome to the test region.');
      expect(await page.locator('#chat').isVisible()).toBe(true);
      await expect.poll(() => page.locator('#name-tags .name-tag:visible').allInnerTexts(), { timeout: 5000 }).toContain(own.name);
    } finally {
      await friend.logout(2000);
    }
  }, 60_000);
});
