/**
 * `npm start`: the launcher's command line (bundled to dist/launcher.js). It
 * serves the bundle beside it, so it runs from dist/ and builds nothing.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LAUNCHER_USAGE, LauncherArgsError, parseLauncherArgs } from './launcher-args.ts';
import { openBrowser } from './open-browser.ts';
import { startLauncher } from './start-launcher.ts';

async function main(argv: readonly string[]): Promise<number> {
  let args;
  try {
    args = parseLauncherArgs(argv);
  } catch (error) {
    if (!(error instanceof LauncherArgsError)) throw error;
    console.error(`slv viewer: ${error.message}\n\n${LAUNCHER_USAGE}`);
    return 2;
  }
  if (args.help) {
    console.log(LAUNCHER_USAGE);
    return 0;
  }
  const staticDir = dirname(fileURLToPath(import.meta.url));
  if (!existsSync(join(staticDir, 'index.html')) || !existsSync(join(staticDir, 'app.js'))) {
    console.error(`slv viewer: no built app in ${staticDir}; run "npm run build -w @slv/viewer" first`);
    return 1;
  }
  const launcher = await startLauncher({
    staticDir,
    port: args.port,
    loginUri: args.loginUri,
    scene: { objects: args.objects, lights: args.lights, movers: args.movers, seed: args.seed },
    ...(args.hostName === null ? {} : { hostName: args.hostName }),
  });
  console.log(`\nSLV viewer: ${launcher.url}  (login ${launcher.loginUri}; Ctrl-C stops)\n`);
  if (args.open) {
    const problem = openBrowser(launcher.url);
    if (problem !== null) console.log(problem);
  }
  await new Promise<void>((resolve) => {
    const stop = (signal: string): void => {
      console.log(`\n${signal}: stopping`);
      resolve();
    };
    process.once('SIGINT', () => stop('SIGINT'));
    process.once('SIGTERM', () => stop('SIGTERM'));
  });
  // A second Ctrl-C while closing exits at once.
  process.once('SIGINT', () => process.exit(130));
  await launcher.close();
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (error: unknown) => {
    console.error(`slv viewer: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  },
);
