// Serves the page and the relay the browser logs in through, with an embedded
// simulator unless a login URI is given: [PORT=8080] node serve.mjs [LOGIN_URI]
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { attachRelay } from '@slv/net/node';
import { startRegion } from '@slv/sim';

const region = process.argv[2] ? null : await startRegion({ port: 0, host: '127.0.0.1' });
const loginUri = process.argv[2] ?? region.loginUri;
const files = { '/': ['index.html', 'text/html'], '/dist/main.js': ['dist/main.js', 'text/javascript'] };

const server = createServer(async (request, response) => {
  const path = new URL(request.url ?? '/', 'http://localhost').pathname;
  if (path === '/login-uri') return void response.end(loginUri);
  const file = files[path];
  if (!file) return void response.writeHead(404).end();
  response.writeHead(200, { 'content-type': file[1] }).end(await readFile(new URL(file[0], import.meta.url)));
});
attachRelay(server, { loginUris: [loginUri], ...(region ? { udpHost: '127.0.0.1' } : {}) });
// PORT=0 takes any free port; the line printed names the one taken.
server.listen(Number(process.env.PORT ?? 8080), '127.0.0.1', () => console.log(`open http://127.0.0.1:${server.address().port}/ (grid ${loginUri})`));
const stop = async () => { await region?.stop(); process.exit(0); };
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
