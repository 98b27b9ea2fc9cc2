/**
 * The simulator's texture library read by this package: every texture,
 * fetched whole from the region, has the size and components it was made
 * with, is resolution-progressive, and decodes at every discard level, whole
 * and from exactly the prefix its discard level's byte count names (the same
 * pixels: for RPCL the prefix holds every packet the level uses).
 */
import { LIBRARY_TEXTURES } from '@slv/sim';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCodestreamHeader } from '../codestream/codestream-header.ts';
import { decodeTexture } from '../decode/decode-texture.ts';
import { discardLevels } from '../discard/discard-levels.ts';
import { installOpenJpegFromNodeModules } from '../node.ts';
import { indexPackets } from '../packets/packet-index.ts';
import { startTextureRegion, type TextureRegion } from './sim-region.test-support.ts';

let sim: TextureRegion;
beforeAll(async () => {
  installOpenJpegFromNodeModules();
  sim = await startTextureRegion();
}, 60_000);
afterAll(() => sim.stop());

describe('the simulator texture library', () => {
  it.each(LIBRARY_TEXTURES.map((t) => [t.name, t] as const))('%s decodes at every discard, whole and from its prefix', async (_name, texture) => {
    const response = await fetch(`${sim.getTextureUrl}?texture_id=${texture.id}`);
    expect(response.status).toBe(200);
    const bytes = new Uint8Array(await response.arrayBuffer());
    const header = readCodestreamHeader(bytes);
    expect(header).toMatchObject({ width: texture.size, height: texture.size, complete: true });
    expect(header.components.length).toBe(texture.components);
    expect(header.coding.progression).toBe('RPCL');
    expect(header.coding.layers).toBe(3);
    const levels = discardLevels(header, indexPackets(header, bytes), bytes.length);
    expect(levels.length).toBe(Math.min(5, Math.log2(texture.size)) + 1);
    for (const level of levels) {
      const whole = await decodeTexture(bytes, { discard: level.discard });
      expect([whole.width, whole.height, whole.components]).toEqual([level.width, level.height, texture.components]);
      const prefix = await decodeTexture(bytes.subarray(0, level.bytes), { discard: level.discard });
      expect(level.exactBytes).toBe(level.bytes);
      expect(Buffer.from(prefix.pixels).equals(Buffer.from(whole.pixels)), `discard ${level.discard}`).toBe(true);
      if (texture.components === 4 && level.width >= 16) {
        // Alpha survives: cut-outs have clear and opaque texels, the translucent ones a spread.
        let low = 255;
        let high = 0;
        for (let i = 3; i < whole.pixels.length; i += 4) {
          low = Math.min(low, whole.pixels[i]!);
          high = Math.max(high, whole.pixels[i]!);
        }
        expect(low, `alpha at discard ${level.discard}`).toBeLessThan(90);
        expect(high - low, `alpha at discard ${level.discard}`).toBeGreaterThan(100);
      }
    }
  }, 60_000);
});
