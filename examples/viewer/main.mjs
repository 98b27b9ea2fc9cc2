// A minimal custom viewer: @slv/world keeps the region's objects, @slv/render
// draws them, and the camera is this page's own (it circles the region).
// No code from the reference viewer. serve.mjs serves this page with the
// relay the browser logs in through; build.mjs bundles this file.
import { WebSocketTransport, relayFetch } from '@slv/net';
import { createRenderer, RENDER_SYSTEMS, setSunDirection } from '@slv/render';
import { connectWorld } from '@slv/world';

const canvas = document.querySelector('canvas');
const status = document.querySelector('#status');
const show = (text) => { status.textContent = text; };

// The browser cannot send UDP: datagrams go over the relay's WebSocket, HTTP through its proxy.
const socketUrl = new URL('/relay', location.href);
socketUrl.protocol = socketUrl.protocol === 'https:' ? 'wss:' : 'ws:';
const transport = await WebSocketTransport.connect(socketUrl.href);
const loginUri = await (await fetch('/login-uri')).text();
let connected = false;
const client = await connectWorld({
  loginUri,
  credentials: { first: 'Example', last: 'Viewer', password: 'password' },
  transport,
  fetch: relayFetch(transport, new URL('/proxy', location.href).href),
  progress: (stage, detail) => { if (!connected) show(`${stage}: ${detail}`); },
});
connected = true;                                    // from here on the status line is the frame's

// The renderer joins the world: its state beside the ingestion, its systems after the world's.
const renderer = createRenderer({ canvas, capacity: client.world.capacity });
renderer.environment.regionIndex = client.regionIndex;
renderer.environment.waterHeight = client.session.region.waterHeight;
setSunDirection(renderer.environment, 0.4, 0.3, 0.87);
const viewer = client.use({ renderer: renderer.state }, RENDER_SYSTEMS);

// Our own camera: column-major view and projection, Z up (the region's frame).
const { camera } = viewer.resources;
function lookAt(out, eye, target) {
  const f = normalize([target[0] - eye[0], target[1] - eye[1], target[2] - eye[2]]);
  const s = normalize(cross(f, [0, 0, 1]));
  const u = cross(s, f);
  out.set([s[0], u[0], -f[0], 0, s[1], u[1], -f[1], 0, s[2], u[2], -f[2], 0, -dot(s, eye), -dot(u, eye), dot(f, eye), 1]);
}
function perspective(out, fovY, aspect, near, far) {
  const t = 1 / Math.tan(fovY / 2);
  out.set([t / aspect, 0, 0, 0, 0, t, 0, 0, 0, 0, (far + near) / (near - far), -1, 0, 0, (2 * far * near) / (near - far), 0]);
}
const dot = (a, b) => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
const cross = (a, b) => [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
const normalize = (v) => { const l = Math.hypot(v[0], v[1], v[2]) || 1; return [v[0] / l, v[1] / l, v[2] / l]; };

function frame(now) {
  const ratio = devicePixelRatio || 1;
  canvas.width = Math.round(canvas.clientWidth * ratio);
  canvas.height = Math.round(canvas.clientHeight * ratio);
  const angle = now / 20_000;
  const eye = [128 + 150 * Math.cos(angle), 128 + 150 * Math.sin(angle), 90];
  lookAt(camera.view, eye, [128, 128, 20]);
  perspective(camera.projection, Math.PI / 3, canvas.width / canvas.height, 0.5, client.settings.settings.rendering.drawDistance);
  camera.position.set(eye);
  viewer.step(now);                                  // world systems, then render systems: one frame
  show(`${viewer.session.region.name}: ${viewer.ingestion.entities.objectCount} objects, ${renderer.stats.drawCalls} draw calls`);
  requestAnimationFrame(frame);
}
requestAnimationFrame(frame);
addEventListener('pagehide', () => { void client.logout(); });
