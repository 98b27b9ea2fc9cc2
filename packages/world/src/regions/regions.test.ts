import { PCode } from '@slv/protocol';
import { describe, expect, it } from 'vitest';
import { liveObjects } from '../objects/object-queries.ts';
import { killPacket, objectUpdatePacket } from '../test-support/packets.test-support.ts';
import { forgetRegion, regionOfSource, setSourceRegion } from './source-regions.ts';
import { createTestWorld } from '../test-support/test-world.test-support.ts';

const OTHER = (BigInt(256256) << 32n) | BigInt(256256);

describe('regions', () => {
  it('forgetRegion removes a region’s objects, seated avatars and queued ones included, and leaves other regions alone', () => {
    const t = createTestWorld({ overrides: { world: { entityCreationBudgetPerFrame: 5 } } });
    t.dispatch(objectUpdatePacket([{ localId: 9 }], OTHER));
    t.dispatch(objectUpdatePacket([{ localId: 1 }, { localId: 2, parentId: 1 }, { localId: 3, parentId: 1, pcode: PCode.Avatar }, { localId: 4 }, { localId: 5 }, { localId: 6 }]));
    expect(t.ingestion.pending.live).toBe(2);
    const region = regionOfSource(t.ingestion, t.source);
    expect(forgetRegion(t.ingestion, region)).toBe(4);
    expect(t.ingestion.pending.live).toBe(0);
    t.frame();
    expect(liveObjects(t.ingestion).map((e) => t.ingestion.components.identity.localId[e])).toEqual([9]);
    expect(regionOfSource(t.ingestion, t.source)).toBe(-1);
  });

  it('KillObject uses the region the session declared for the circuit', () => {
    const t = createTestWorld();
    t.dispatch(objectUpdatePacket([{ localId: 1 }], OTHER));
    t.dispatch(objectUpdatePacket([{ localId: 1 }]));
    // The last update named the default region; the session says this circuit is OTHER.
    setSourceRegion(t.ingestion, t.source, 256256, 256256);
    t.dispatch(killPacket([1]));
    const left = liveObjects(t.ingestion);
    expect(left).toHaveLength(1);
    expect(t.ingestion.components.identity.regionIndex[left[0]!]).not.toBe(regionOfSource(t.ingestion, t.source));
  });
});
