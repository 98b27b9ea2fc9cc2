import { it } from 'vitest';
import { compressedPacket, objectUpdatePacket, tersePacket } from './packets.test-support.ts';
import type { ObjectSpec } from './packets.test-support.ts';
import { createTestWorld } from './test-world.test-support.ts';
const specs: ObjectSpec[] = Array.from({ length: 10 }, (_, k) => ({ localId: 100 + k, position: [k, k, 20], velocity: [0.5, 0, 0], texture: { face: k % 3, textureId: '8dcd4a48-2d37-4909-9f78-f7a9eb4ef903' } }));
it('prof', () => {
  const t = createTestWorld();
  const full = objectUpdatePacket(specs);
  const terse = tersePacket(specs);
  const compressed = compressedPacket(specs.map((s) => ({ ...s, localId: s.localId + 100 })));
  t.dispatch(full); t.dispatch(compressed);
  for (const [name, p] of [['terse', terse], ['full', full], ['compressed', compressed]] as const) {
    for (let i = 0; i < 3000; i++) t.dispatch(p);
    const n = 20000; const s = performance.now();
    for (let i = 0; i < n; i++) t.dispatch(p);
    const dt = performance.now() - s;
    console.log(name, (dt * 1000 / (n * 10)).toFixed(3), 'us/block');
  }
});
