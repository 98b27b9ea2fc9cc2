/**
 * Serves the built browser app (dist/index.html, dist/app.js, the texture
 * worker and its OpenJPEG wasm, and their source maps) read-only: GET and HEAD of plain files under one folder.
 * Paths that leave the folder, hidden names, folders and anything not a plain
 * file are 404; other methods 405. Every refusal is a short text/plain body.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, resolve, sep } from 'node:path';

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.wasm': 'application/wasm',
};

/**
 * Cross-origin isolation: the page loads nothing from other origins, and
 * isolation gives it 5 µs performance.now() (100 µs otherwise), which the
 * per-system timings of the statistics overlay need.
 */
export const ISOLATION_HEADERS: Readonly<Record<string, string>> = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

/** Longest request path considered; longer ones are 404 without touching the disk. */
const MAX_PATH_CHARS = 1024;

export type StaticHandler = (request: IncomingMessage, response: ServerResponse) => void;

export function sendText(response: ServerResponse, status: number, text: string, extra: Record<string, string> = {}): void {
  response.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store', ...extra });
  response.end(`${text}\n`);
}

/**
 * The file under `root` a request path names, or null when it names none
 * that may be served ('/' is index.html).
 */
export function staticFilePath(root: string, requestPath: string): string | null {
  if (requestPath.length > MAX_PATH_CHARS || !requestPath.startsWith('/')) return null;
  let decoded: string;
  try {
    decoded = decodeURIComponent(requestPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  const relative = decoded === '/' ? 'index.html' : decoded.slice(1);
  if (relative.split('/').some((part) => part === '' || part.startsWith('.'))) return null;
  const base = resolve(root);
  const path = resolve(base, relative);
  return path.startsWith(base + sep) ? path : null;
}

/** A request listener serving the files under `root`. */
export function createStaticHandler(root: string): StaticHandler {
  return (request, response) => {
    const method = request.method ?? 'GET';
    if (method !== 'GET' && method !== 'HEAD') {
      sendText(response, 405, `method ${method} not allowed`, { Allow: 'GET, HEAD' });
      return;
    }
    const pathname = (request.url ?? '/').split('?', 1)[0]!;
    const path = staticFilePath(root, pathname);
    if (path === null) {
      sendText(response, 404, 'not found');
      return;
    }
    stat(path).then(
      (info) => {
        if (!info.isFile()) {
          sendText(response, 404, 'not found');
          return;
        }
        response.writeHead(200, {
          'Content-Type': CONTENT_TYPES[extname(path)] ?? 'application/octet-stream',
          'Content-Length': String(info.size),
          // The bundle changes with every build; the browser must not keep an old one.
          'Cache-Control': 'no-cache',
          'X-Content-Type-Options': 'nosniff',
          ...ISOLATION_HEADERS,
        });
        if (method === 'HEAD') {
          response.end();
          return;
        }
        const stream = createReadStream(path);
        stream.on('error', () => response.destroy());
        stream.pipe(response);
      },
      () => sendText(response, 404, 'not found'),
    );
  };
}
