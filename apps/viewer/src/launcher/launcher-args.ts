/**
 * The launcher's command line. Parsing never exits or prints: it returns the
 * options or one clear error naming the flag, so `main.ts` decides what to do
 * and tests can check every refusal.
 */
import { parseArgs } from 'node:util';

export interface LauncherArgs {
  /** HTTP port on 127.0.0.1; 0 picks a free one. */
  port: number;
  /** A grid's login URI; when set, no embedded simulator starts. */
  loginUri: string | null;
  objects: number;
  lights: number;
  movers: number;
  seed: number;
  /**
   * One more name the page may be reached by (a hosts-file alias or a
   * reverse proxy's name); 127.0.0.1 and localhost are always accepted, any
   * other Host header is refused (DNS rebinding).
   */
  hostName: string | null;
  /** Open the page with xdg-open once the server listens. */
  open: boolean;
  help: boolean;
}

export const DEFAULT_PORT = 8080;

/** The demo region: thousands of prims of every shape and linksets, hundreds of lamps, a few dozen movers. */
export const DEMO_SCENE = Object.freeze({ objects: 3000, lights: 200, movers: 40, seed: 1 });

/** The scene generator's bound on each count. */
export const MAX_SCENE_COUNT = 100_000;

export const LAUNCHER_USAGE = `usage: npm start -- [options]
       node apps/viewer/dist/launcher.js [options]

Serves the reference viewer on http://127.0.0.1:PORT/ with the browser relay,
and starts an embedded simulator with a demo region unless --login-uri is given.

  --port N          HTTP port (default ${DEFAULT_PORT}; 0 picks a free one)
  --login-uri URI   log in to this grid instead (no embedded simulator)
  --objects N       random prims in the demo region (default ${DEMO_SCENE.objects})
  --lights N        lamps with point lights (default ${DEMO_SCENE.lights})
  --movers N        moving objects (default ${DEMO_SCENE.movers})
  --seed N          scene seed (default ${DEMO_SCENE.seed})
  --host-name NAME  also answer requests whose Host is NAME (127.0.0.1 and localhost always are;
                    any other Host is refused, so a page on another domain cannot reach the relay)
  --open            open the page in a browser (xdg-open)
  -h, --help        this text

Ctrl-C stops the server, the relay and the simulator.`;

export class LauncherArgsError extends Error {
  override readonly name = 'LauncherArgsError';
}

function integer(flag: string, text: string | undefined, fallback: number, min: number, max: number): number {
  if (text === undefined) return fallback;
  const value = /^\s*\d+\s*$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new LauncherArgsError(`--${flag} must be an integer in ${min}..${max}, got ${JSON.stringify(text)}`);
  }
  return value;
}

function loginUriOf(text: string | undefined): string | null {
  if (text === undefined) return null;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new LauncherArgsError(`--login-uri must be an absolute http(s) URL, got ${JSON.stringify(text)}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new LauncherArgsError(`--login-uri must be an http(s) URL, got ${url.protocol} in ${JSON.stringify(text)}`);
  }
  if (url.username !== '' || url.password !== '') throw new LauncherArgsError('--login-uri must not carry credentials');
  return url.href;
}

/** A DNS name or IPv4 address, as a Host header carries it (no port, no scheme). */
function hostNameOf(text: string | undefined): string | null {
  if (text === undefined) return null;
  const name = text.trim().toLowerCase();
  const label = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;
  if (name.length === 0 || name.length > 253 || !name.split('.').every((part) => label.test(part))) {
    throw new LauncherArgsError(`--host-name must be a host name such as viewer.example or 192.168.1.5, got ${JSON.stringify(text)}`);
  }
  return name;
}

/** Parses `argv` (without node and the script); throws LauncherArgsError with the reason. */
export function parseLauncherArgs(argv: readonly string[]): LauncherArgs {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        port: { type: 'string' },
        'login-uri': { type: 'string' },
        objects: { type: 'string' },
        lights: { type: 'string' },
        movers: { type: 'string' },
        seed: { type: 'string' },
        'host-name': { type: 'string' },
        open: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    throw new LauncherArgsError((error as Error).message);
  }
  const str = (key: string): string | undefined => values[key] as string | undefined;
  return {
    port: integer('port', str('port'), DEFAULT_PORT, 0, 65535),
    loginUri: loginUriOf(str('login-uri')),
    objects: integer('objects', str('objects'), DEMO_SCENE.objects, 0, MAX_SCENE_COUNT),
    lights: integer('lights', str('lights'), DEMO_SCENE.lights, 0, MAX_SCENE_COUNT),
    movers: integer('movers', str('movers'), DEMO_SCENE.movers, 0, MAX_SCENE_COUNT),
    seed: integer('seed', str('seed'), DEMO_SCENE.seed, 0, 0xffffffff),
    hostName: hostNameOf(str('host-name')),
    open: values['open'] === true,
    help: values['help'] === true,
  };
}
