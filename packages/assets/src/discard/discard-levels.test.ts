import { readFileSync } from 'node:fs';
import { describeWithShared, sharedPath } from '@slv/testing';
import { describe, expect, it } from 'vitest';
import { readCodestreamHeader } from '../codestream/codestream-header.ts';
import { handMadeCodestream } from '../codestream/hand-made.test-support.ts';
import { indexPackets } from '../packets/packet-index.ts';
import { discardLevels, discardSize, estimateDiscardBytes } from './discard-levels.ts';

describe('Second Life byte estimate (LLImageJ2C::calcDataSizeJ2C)', () => {
  it('gives the viewer\'s numbers: min(new, old) range, at least FIRST_PACKET_SIZE', () => {
    // 512x512 RGBA: 4 layers, layer factor 9; d0 = sqrt(512*512)*4*(1/8)*1000/9.
    expect([0, 1, 2, 3, 4, 5].map((d) => estimateDiscardBytes(512, 512, 4, d))).toEqual([28444, 14222, 7111, 2048, 600, 600]);
    // 1024x1024 RGB: 5 layers, layer factor 6.
    expect([0, 1, 2].map((d) => estimateDiscardBytes(1024, 1024, 3, d))).toEqual([64000, 32000, 16000]);
    expect(estimateDiscardBytes(32, 32, 3, 0)).toBe(600);
  });
});

describe('discard levels of a codestream', () => {
  it('sizes round up like OpenJPEG reduce and stop at the decomposition count (max 5)', () => {
    const header = readCodestreamHeader(handMadeCodestream({ width: 93, height: 61, components: 3 }));
    expect([0, 1, 2, 5].map((d) => discardSize(header, d))).toEqual([
      { width: 93, height: 61 }, { width: 47, height: 31 }, { width: 24, height: 16 }, { width: 3, height: 2 }]);
    const levels = discardLevels(header, indexPackets(header, handMadeCodestream({ width: 93, height: 61, components: 3 })), 1000);
    expect(levels.map((l) => l.discard)).toEqual([0, 1, 2, 3, 4, 5]);
  });
});

describeWithShared('discard levels of a real SL texture (LRCP)', ['fixtures/textures/0187babf-6c0d-5891-ebed-4ecab1426683.j2c'], () => {
  it('fetches the SL estimate rounded up to a whole packet; the exact end of the needed resolutions is near the file end', () => {
    const bytes = new Uint8Array(readFileSync(sharedPath('fixtures/textures/0187babf-6c0d-5891-ebed-4ecab1426683.j2c')));
    const header = readCodestreamHeader(bytes);
    const index = indexPackets(header, bytes);
    const levels = discardLevels(header, index, bytes.length);
    const ends = new Set(Array.from(index.ends.subarray(0, index.found)));
    for (const level of levels) {
      expect(ends.has(level.bytes), `discard ${level.discard}`).toBe(true);
      expect(level.bytes).toBeGreaterThanOrEqual(level.estimatedBytes);
      expect(level.exactBytes).toBeGreaterThan(bytes.length * 0.6); // layer-progressive: the last layer comes last
    }
    expect(levels.map((l) => l.bytes)).toEqual([31908, 14334, 7994, 2071, 627, 627]);
  });
});
