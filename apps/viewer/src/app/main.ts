/**
 * The browser app (bundled to dist/app.js): settings, the engine and its
 * frame loop, the login form, the statistics overlay, the Preferences window
 * and window.slvViewer. Order of start-up:
 *
 *   1. /launcher.json   where to log in (and the embedded simulator's account)
 *   2. settings         localStorage; hardware detected on the first launch only
 *   3. engine           world, scheduler, world ingestion, renderer; frames start
 *   4. login form       → relay → AgentSession → engine.attachSession
 */
import type { SessionStage } from '@slv/net';
import { validateLauncherConfig, LAUNCHER_CONFIG_PATH, type LauncherConfig } from '../launcher/launcher-config.ts';
import { attachAvatarInput } from './avatar/avatar-input.ts';
import { attachNameTags } from './avatar/name-tag-overlay.ts';
import { attachCameraInput } from './camera/camera-input.ts';
import { createChatPanel } from './chat/chat-panel.ts';
import { connectThroughRelay } from './connect-session.ts';
import { createLoginForm } from './login-form.ts';
import { createWhereAmI } from './minimap/where-am-i.ts';
import { describeLoginFailure } from './login-failure.ts';
import { createAdaptiveNotice } from './preferences/adaptive-notice.ts';
import { createPreferencesWindow } from './preferences/preferences-window.ts';
import { attachRenderer } from './render-adapter.ts';
import { createRateMeter } from './stats/rate-meters.ts';
import { createStatsOverlay } from './stats/stats-overlay.ts';
import { createStatsSnapshot, fillStatsSnapshot, type StatsSources } from './stats/stats-snapshot.ts';
import { createViewerApi, type SlvViewerApi, type ViewerStage } from './viewer-api.ts';
import { createViewerEngine } from './viewer-engine.ts';
import { createViewerSettings } from './viewer-settings.ts';
import { sessionEndNotice } from './session-end-notice.ts';
import { startTextureStreaming, type TextureStreaming } from './textures/texture-streaming.ts';
import { startMeshStreaming, type MeshStreaming } from './meshes/mesh-streaming.ts';

function byId<T extends HTMLElement>(id: string, type: new () => T): T {
  const found = document.getElementById(id);
  if (!(found instanceof type)) throw new Error(`index.html has no #${id}`);
  return found;
}

async function loadLauncherConfig(): Promise<LauncherConfig> {
  const response = await fetch(LAUNCHER_CONFIG_PATH, { cache: 'no-store' });
  if (!response.ok) throw new Error(`${LAUNCHER_CONFIG_PATH}: HTTP ${response.status}; is this page served by the viewer's launcher?`);
  return validateLauncherConfig(await response.json());
}

/** The GPU context notice (#gpu-notice): a panel in the middle of the page, hidden while drawing. */
function createGpuNotice(): HTMLDivElement {
  const notice = document.createElement('div');
  notice.id = 'gpu-notice';
  notice.className = 'panel hidden';
  notice.setAttribute('role', 'alert');
  notice.style.cssText = 'top: 50%; left: 50%; transform: translate(-50%, -50%); max-width: 60%; color: #ffb4a8; text-align: center;';
  document.body.append(notice);
  return notice;
}

async function start(): Promise<void> {
  const status = byId('status', HTMLDivElement);
  let stage: ViewerStage = 'starting';
  let lastError: string | null = null;
  const setStatus = (text: string, isError = false): void => {
    status.textContent = text;
    status.classList.toggle('error', isError);
  };
  const fail = (error: unknown): void => {
    stage = 'failed';
    lastError = error instanceof Error ? error.message : String(error);
    setStatus(lastError, true);
    console.error(error);
  };

  // After-frame callbacks: an array walked by index, so a frame allocates no iterator.
  const onFrame: (() => void)[] = [];
  // Until the engine exists only stage and error answer, so a test waiting on the page sees 'starting' and 'failed' too.
  window.slvViewer = { version: 1, get stage() { return stage; }, get error() { return lastError; } } as Partial<SlvViewerApi> as SlvViewerApi;

  let config: LauncherConfig;
  try {
    config = await loadLauncherConfig();
  } catch (error) {
    fail(error);
    return;
  }
  const settings = createViewerSettings();
  const adaptiveNotice = createAdaptiveNotice(byId('adaptive-notice', HTMLDivElement), settings.resource, settings.scaler);
  const canvas = byId('view', HTMLCanvasElement);
  const engine = createViewerEngine({
    canvas,
    settings: settings.resource,
    attachRenderer,
    sampleFrame: (frameMs, nowMs) => {
      // After Undo on an adaptive step the scaler rests for the session (adaptive-notice.ts).
      if (stage !== 'connected' || adaptiveNotice.undo.paused) return;
      const memory = (performance as { memory?: { usedJSHeapSize?: number } }).memory?.usedJSHeapSize;
      settings.scaler.sample(frameMs, memory === undefined ? Number.NaN : memory / 1048576, nowMs);
    },
  });
  attachCameraInput(canvas, engine.rig, engine.input);
  attachAvatarInput(window, engine.rig, engine.avatar.controls);
  const chat = createChatPanel(byId('chat', HTMLDivElement), engine.bus, canvas);
  const nameTags = attachNameTags(engine, byId('name-tags', HTMLDivElement));
  const whereAmI = createWhereAmI(byId('where-am-i', HTMLDivElement), engine, nameTags.tags);

  const snapshot = createStatsSnapshot();
  const sources: StatsSources = {
    stage: 'offline',
    profile: settings.resource.profile,
    drawDistance: 0,
    frames: engine.frames,
    cpuMs: 0,
    timings: engine.scheduler.timings,
    counters: engine.resources.stats.counters,
    render: engine.renderer.stats,
    circuit: null,
    packetsIn: createRateMeter(),
    packetsOut: createRateMeter(),
    nowMs: 0,
    streamer: null,
  };
  const refreshSnapshot = () => {
    sources.stage = engine.session?.stage ?? 'offline';
    sources.profile = settings.resource.profile;
    sources.drawDistance = settings.resource.settings.rendering.drawDistance;
    sources.cpuMs = engine.resources.stats.frameMs;
    sources.circuit = engine.session?.circuit ?? null;
    sources.nowMs = performance.now();
    sources.streamer = textureStreaming?.source.attached?.stats ?? null;
    return fillStatsSnapshot(snapshot, sources);
  };
  let textureStreaming: TextureStreaming | null = null;
  let meshStreaming: MeshStreaming | null = null;
  const overlay = createStatsOverlay(byId('stats', HTMLPreElement), engine.renderer.gpuNotice);
  // A lost GPU context, said over the (now still) scene; the frame loop, network and world go on meanwhile.
  const gpuNotice = createGpuNotice();
  let gpuNoticeText = '';
  engine.afterFrame = (now) => {
    nameTags.step(now);
    whereAmI.maybeRefresh(now);
    overlay.maybeRefresh(now, refreshSnapshot);
    const notice = engine.renderer.gpuNotice(now);
    if (notice !== gpuNoticeText) {
      gpuNoticeText = notice;
      gpuNotice.textContent = notice;
      gpuNotice.classList.toggle('hidden', notice === '');
    }
    // Backwards, so a callback may remove itself (waitFrames does).
    for (let i = onFrame.length - 1; i >= 0; i--) onFrame[i]?.();
  };

  const detected = settings.initialized.choice?.reason ?? null;
  const preferences = createPreferencesWindow(byId('preferences', HTMLDivElement), settings.resource, detected, settings.problems);
  const cameraButton = byId('camera-mode', HTMLButtonElement);
  const toolbar = byId('toolbar', HTMLDivElement);
  cameraButton.addEventListener('click', () => {
    const rig = engine.rig;
    rig.mode = rig.mode === 'follow' ? 'orbit' : rig.mode === 'orbit' ? 'fly' : 'follow';
    if (rig.mode === 'orbit') rig.followAgent = true;
  });
  byId('open-preferences', HTMLButtonElement).addEventListener('click', () => preferences.toggle());
  byId('toggle-stats', HTMLButtonElement).addEventListener('click', () => overlay.toggle());
  byId('toggle-map', HTMLButtonElement).addEventListener('click', () => whereAmI.toggle());
  byId('logout', HTMLButtonElement).addEventListener('click', () => {
    const session = engine.session;
    if (session === null) return;
    setStatus('Logging out…');
    // A fresh page is the clean slate for the next login: the world keeps no stale region.
    void session.logout().finally(() => location.reload());
  });
  // The camera button names the mode, refreshed with the overlay's cadence.
  onFrame.push(() => {
    const mode = engine.rig.mode;
    const label = mode === 'fly' ? 'Camera: fly' : mode === 'orbit' ? 'Camera: orbit' : 'Camera: follow';
    if (cameraButton.textContent !== label) cameraButton.textContent = label;
  });

  window.slvViewer = createViewerApi({
    engine,
    stage: () => (engine.failure !== null ? 'failed' : stage),
    error: () => engine.failure?.message ?? lastError,
    snapshot: refreshSnapshot,
    chatLines: () => chat.lines,
    nameTags: nameTags.tags,
    adaptive: () => {
      const scaler = settings.scaler;
      return { paused: adaptiveNotice.undo.paused, stepsDown: scaler.stepsDown, stepsUp: scaler.stepsUp, medianFrameMs: scaler.medianFrameMs() };
    },
    restartTextures: () => {
      const session = engine.session;
      textureStreaming?.stop();
      textureStreaming = null;
      if (session === null || session.stage === 'closed') return Promise.resolve(false);
      textureStreaming = startTextureStreaming(session, (source) => engine.renderer.setTextureSource(source), settings.resource);
      return textureStreaming.started;
    },
    onFrame: (callback) => {
      onFrame.push(callback);
      return () => {
        const at = onFrame.indexOf(callback);
        if (at >= 0) onFrame.splice(at, 1);
      };
    },
  });

  const login = createLoginForm(byId('login', HTMLFormElement), config, async (request) => {
    stage = 'connecting';
    lastError = null;
    // Progress shows in the status line while logging in; later lines (capabilities, event queue) go to the console.
    const progress = (sessionStage: SessionStage, detail: string): void => {
      if (stage === 'connecting') setStatus(`[${sessionStage}] ${detail}`);
      else console.info(`session: [${sessionStage}] ${detail}`);
    };
    try {
      const session = await connectThroughRelay(
        { ...request, relayPath: config.relayPath, proxyPath: config.proxyPath },
        {
          bus: engine.bus,
          network: settings.resource.settings.network,
          progress,
        },
      );
      engine.attachSession(session);
      chat.attach(session);
      // Faces show their textures once the region's texture capability is known.
      textureStreaming = startTextureStreaming(session, (source) => engine.renderer.setTextureSource(source), settings.resource);
      void session.ended.then(() => textureStreaming?.stop());
      // Mesh objects take their shape once the region's mesh capability is known.
      meshStreaming = startMeshStreaming(session, (source) => engine.renderer.setMeshSource(source), settings.resource);
      void session.ended.then(() => meshStreaming?.stop());
      // Kicked, the region disabled, the simulator silent: the reason stays on the page.
      void session.ended.then((end) => {
        const notice = sessionEndNotice(end);
        if (notice === '') return;
        stage = 'closed';
        lastError = end.reason;
        setStatus(notice, true);
      });
      // Closing the tab says goodbye (LogoutRequest goes out at once) instead of leaving the simulator to time out.
      window.addEventListener('pagehide', () => void session.logout(0));
      // Throttles follow the profile: a switch re-sends AgentThrottle.
      settings.resource.subscribe(() => {
        if (session.stage === 'connected') session.sendThrottle();
      });
      stage = 'connected';
      login.hide();
      toolbar.classList.remove('hidden');
      if (!overlay.visible) overlay.toggle();
      if (!whereAmI.visible) whereAmI.toggle();
      setStatus(`Connected to "${session.region.name}" as ${request.credentials.first} ${request.credentials.last}. Arrows or WASD walk and turn, E/C up and down, F flies, Shift runs, Enter chats; drag to look, wheel to zoom, Esc resets the view, O orbits, V flies the camera.`);
    } catch (error) {
      stage = 'login';
      lastError = describeLoginFailure(error);
      setStatus(`Login failed: ${lastError}`, true);
      // The form shows the same words under its button.
      throw new Error(lastError, { cause: error });
    }
  });
  engine.start();
  stage = 'login';
  login.show();
  setStatus(config.embedded ? 'Embedded simulator ready: press Log in.' : `Log in to ${config.loginUri}.`);
}

start().catch((error: unknown) => {
  // No WebGL, a broken index.html: say so on the page and to window.slvViewer.
  const message = `The viewer could not start: ${error instanceof Error ? error.message : String(error)}`;
  console.error(error);
  window.slvViewer = { version: 1, stage: 'failed', error: message } as Partial<SlvViewerApi> as SlvViewerApi;
  const status = document.getElementById('status');
  if (status) {
    status.textContent = message;
    status.classList.add('error');
  }
});
