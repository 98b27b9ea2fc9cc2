/**
 * The launcher: one HTTP server on 127.0.0.1 that serves the built browser
 * app and `/launcher.json`, with the browser relay attached (WebSocket at
 * /relay, HTTP proxy at /proxy), and an embedded simulator unless a login URI
 * is given. Nothing is built here: `staticDir` holds the bundle the package's
 * build script made.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { attachRelay, type RelayHandle } from '@slv/net/node';
import { startRegion, type RegionOptions, type RunningRegion, type SceneOptions } from '@slv/sim';
import { EMBEDDED_ACCOUNT, LAUNCHER_CONFIG_PATH, type LauncherConfig } from './launcher-config.ts';
import { ISOLATION_HEADERS, createStaticHandler, sendText } from './static-files.ts';

export interface LauncherOptions {
  /** Folder with index.html and app.js. */
  staticDir: string;
  /** HTTP port on 127.0.0.1 (default 0: a free one). */
  port?: number;
  /** A grid to log in to; when set, no embedded simulator starts. */
  loginUri?: string | null;
  /** The embedded simulator's scene (objects, lights, movers, seed, layout, extraObjects). */
  scene?: Partial<SceneOptions>;
  /** Further embedded simulator options (mover rate, faults, ...). */
  region?: Omit<RegionOptions, 'sceneOptions' | 'scene' | 'host'>;
  /** Progress and relay lines (default: console.log). */
  log?: (line: string) => void;
  /**
   * A further name the page may be reached at (a reverse proxy's, say); the server and
   * relay answer Host 127.0.0.1:PORT, localhost:PORT and this name only, and 421 to any
   * other (a page on a name that resolves to 127.0.0.1, DNS rebinding, must not read
   * /launcher.json or open the relay).
   */
  hostName?: string;
}

export interface RunningLauncher {
  /** The page: `http://127.0.0.1:PORT/`. */
  readonly url: string;
  readonly port: number;
  readonly loginUri: string;
  /** The embedded simulator, or null with a login URI. */
  readonly region: RunningRegion | null;
  readonly relay: RelayHandle;
  readonly server: Server;
  readonly config: LauncherConfig;
  /** Stops the relay (ending every session), the server and the simulator. Safe to call twice. */
  close(): Promise<void>;
}

const RELAY_PATH = '/relay';
const PROXY_PATH = '/proxy';

/** How to log in elsewhere: said by the relay's log line and by the login form alike. */
export function loginRefusalAdvice(loginUri: string): string {
  return `this launcher relays logins to ${loginUri} only; to log in to another grid, start the launcher with --login-uri <that grid's login URI> (npm start -- --login-uri URI)`;
}

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException): void => reject(new Error(
      `cannot listen on 127.0.0.1:${port}: ${error.message}${error.code === 'EADDRINUSE' ? ' (another program has the port: --port 0 picks a free one)' : ''}`,
    ));
    server.once('error', onError);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', onError);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

export async function startLauncher(options: LauncherOptions): Promise<RunningLauncher> {
  const log = options.log ?? ((line: string) => console.log(line));
  // The port first: a busy port fails before a simulator starts or a URL is printed.
  let handle: (request: IncomingMessage, response: ServerResponse) => void = (_request, response) => sendText(response, 503, 'starting');
  let allowedHosts: readonly string[] = [];
  const server = createServer((request, response) => {
    if (!allowedHosts.includes((request.headers.host ?? '').toLowerCase())) {
      sendText(response, 421, 'this server does not answer to that host name');
      return;
    }
    handle(request, response);
  });
  const port = await listen(server, options.port ?? 0);
  allowedHosts = [`127.0.0.1:${port}`, `localhost:${port}`, ...(options.hostName ? [options.hostName.toLowerCase(), `${options.hostName.toLowerCase()}:${port}`] : [])];
  const closeServer = async (): Promise<void> => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };

  let region: RunningRegion | null = null;
  let loginUri = options.loginUri ?? null;
  if (loginUri === null) {
    try {
      region = await startRegion({
        ...options.region,
        host: '127.0.0.1',
        sceneOptions: { ...options.scene },
        log: options.region?.log ?? ((line) => log(`sim: ${line}`)),
      });
    } catch (error) {
      await closeServer();
      throw error;
    }
    loginUri = region.loginUri;
    log(`embedded simulator "${region.scene.regionName}" with ${region.scene.objects.length} objects at ${loginUri}`);
  }
  const config: LauncherConfig = {
    loginUri,
    embedded: region !== null,
    ...(region !== null ? EMBEDDED_ACCOUNT : { first: '', last: '', password: '' }),
    relayPath: RELAY_PATH,
    proxyPath: PROXY_PATH,
  };
  const configBody = JSON.stringify(config);
  const serveStatic = createStaticHandler(options.staticDir);
  handle = (request, response) => {
    const pathname = (request.url ?? '/').split('?', 1)[0];
    if (pathname === LAUNCHER_CONFIG_PATH) {
      if (request.method !== 'GET' && request.method !== 'HEAD') {
        sendText(response, 405, `method ${request.method ?? '?'} not allowed`, { Allow: 'GET, HEAD' });
        return;
      }
      response.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', ...ISOLATION_HEADERS });
      response.end(request.method === 'HEAD' ? undefined : configBody);
      return;
    }
    serveStatic(request, response);
  };
  let relay: RelayHandle;
  try {
    relay = attachRelay(server, {
      loginUris: [loginUri],
      loginRefusalAdvice: loginRefusalAdvice(loginUri),
      path: RELAY_PATH,
      proxyPath: PROXY_PATH,
      log: (line) => log(`relay: ${line}`),
      allowedHosts: () => allowedHosts,
      // The embedded simulator is on loopback; a real grid is not.
      ...(region !== null ? { udpHost: '127.0.0.1' } : {}),
    });
  } catch (error) {
    await closeServer();
    await region?.stop();
    throw error;
  }
  const url = `http://127.0.0.1:${port}/`;
  let closing: Promise<void> | null = null;
  const close = (): Promise<void> => {
    closing ??= (async () => {
      await relay.close();
      await closeServer();
      await region?.stop();
    })();
    return closing;
  };
  return { url, port, loginUri, region, relay, server, config, close };
}
