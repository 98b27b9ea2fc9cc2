/**
 * @slv/viewer, the Node side of the reference viewer: the launcher (static
 * files, relay, embedded simulator) and the types of the page's API. The
 * browser app itself is src/app/, bundled to dist/app.js. The Chromium
 * harness (src/harness/) serves the end-to-end tests and the frame suite,
 * which is exported separately as `@slv/viewer/bench` so that the launcher
 * never loads playwright.
 */
export { startLauncher, type LauncherOptions, type RunningLauncher } from './launcher/start-launcher.ts';
export { DEFAULT_PORT, DEMO_SCENE, LAUNCHER_USAGE, LauncherArgsError, MAX_SCENE_COUNT, parseLauncherArgs, type LauncherArgs } from './launcher/launcher-args.ts';
export { EMBEDDED_ACCOUNT, LAUNCHER_CONFIG_PATH, validateLauncherConfig, type LauncherConfig } from './launcher/launcher-config.ts';
export { ISOLATION_HEADERS, createStaticHandler, staticFilePath } from './launcher/static-files.ts';

export type { CameraState, ProjectedPoint, RegionState, SlvViewerApi, ViewerStage } from './app/viewer-api.ts';
export type { FrameRecording, SystemRecording } from './app/frame-recorder.ts';
export type { StatsSnapshot, SystemTime, CullingMode } from './app/stats/stats-snapshot.ts';
