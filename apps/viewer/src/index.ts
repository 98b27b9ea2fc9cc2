/**
 * @slv/viewer, the Node side of the reference viewer: the launcher (static
 * files, relay, embedded simulator) and the helpers that drive the browser
 * app in headless Chromium for the end-to-end tests and `slv bench frame`.
 * The browser app itself is src/app/, bundled to dist/app.js.
 */
export { startLauncher, type LauncherOptions, type RunningLauncher } from './launcher/start-launcher.ts';
export { DEFAULT_PORT, DEMO_SCENE, LAUNCHER_USAGE, LauncherArgsError, MAX_SCENE_COUNT, parseLauncherArgs, type LauncherArgs } from './launcher/launcher-args.ts';
export { EMBEDDED_ACCOUNT, LAUNCHER_CONFIG_PATH, validateLauncherConfig, type LauncherConfig } from './launcher/launcher-config.ts';
export { ISOLATION_HEADERS, createStaticHandler, staticFilePath } from './launcher/static-files.ts';

export { buildViewerBundle } from './harness/build-bundle.ts';
export { CHROMIUM_CANDIDATES, CHROMIUM_FLAGS, findChromium, launchChromium, type ChromiumSession, type LaunchOptions } from './harness/chromium.ts';
export { hidePanels, loginThroughForm, openViewer, screenshotCanvas, waitForStage, waitForViewer, waitFrames } from './harness/viewer-page.ts';
export { decodePng, meanColor, shareOfPixels, type RgbaImage } from './harness/png.ts';
export { repositoryRoot, viewerPackageDir } from './harness/viewer-paths.ts';

export type { CameraState, ProjectedPoint, RegionState, SlvViewerApi, ViewerStage } from './app/viewer-api.ts';
export type { FrameRecording, SystemRecording } from './app/frame-recorder.ts';
export type { StatsSnapshot, SystemTime, CullingMode } from './app/stats/stats-snapshot.ts';
