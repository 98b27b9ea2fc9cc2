import { measureAllocation } from '@slv/testing/allocation';
import { describe, expect, it } from 'vitest';
import { createTestIngestion, putAvatar, testCamera, testTerrain } from '../world-fixture.test-support.ts';
import { collectNameTags, createNameTags, displayName, placeNameTags } from './name-tags.ts';

describe('name tags', () => {
  it('finds the live avatars and reads their names from the NameValue pairs', () => {
    const ing = createTestIngestion();
    putAvatar(ing, 3, [128, 128, 21], 'Ann', 'Lee');
    putAvatar(ing, 7, [130, 128, 21], 'Bo');
    ing.entities.live[5] = 1; // a prim: no tag
    const tags = createNameTags();
    collectNameTags(tags, ing);
    expect(tags.count).toBe(2);
    expect([...tags.eids.subarray(0, 2)]).toEqual([3, 7]);
    expect(tags.names.slice(0, 2)).toEqual(['Ann Lee', 'Bo']);
    // A renamed avatar is read again; a killed one leaves.
    putAvatar(ing, 3, [128, 128, 21], 'Ann', 'Other');
    ing.entities.live[7] = 0;
    collectNameTags(tags, ing);
    expect(tags.count).toBe(1);
    expect(tags.names[0]).toBe('Ann Other');
    expect(displayName('Cy', 'Resident')).toBe('Cy');
  });

  it('places a tag above the head, and hides it behind the eye, past the draw distance, or behind a hill', () => {
    const ing = createTestIngestion();
    putAvatar(ing, 1, [128, 128, 21], 'Ann', 'Lee');
    const tags = createNameTags();
    collectNameTags(tags, ing);
    const flat = testTerrain(() => 20);
    // Looking straight at the avatar's head from 10 m west: the tag is in the middle, a little above it.
    const camera = testCamera([118, 128, 22.25], [128, 128, 22.25]);
    placeNameTags(tags, ing, camera, 400, 400, 64, flat);
    expect(tags.visible[0]).toBe(1);
    expect(tags.x[0]).toBeCloseTo(200, 0);
    expect(tags.y[0]).toBeLessThan(200);
    expect(tags.y[0]).toBeGreaterThan(150);
    // Facing away.
    placeNameTags(tags, ing, testCamera([118, 128, 22.25], [100, 128, 22.25]), 400, 400, 64, flat);
    expect(tags.visible[0]).toBe(0);
    // Further than the draw distance.
    placeNameTags(tags, ing, camera, 400, 400, 8, flat);
    expect(tags.visible[0]).toBe(0);
    // A 40 m ridge between x = 121 and 124.
    const ridge = testTerrain((x) => (x > 121 && x < 124 ? 40 : 20));
    placeNameTags(tags, ing, camera, 400, 400, 64, ridge);
    expect(tags.visible[0]).toBe(0);
    // An unnamed avatar has no tag.
    putAvatar(ing, 2, [126, 128, 21]);
    collectNameTags(tags, ing);
    placeNameTags(tags, ing, camera, 400, 400, 64, flat);
    expect([...tags.visible.subarray(0, tags.count)]).toEqual([1, 0]);
  });

  it('places tags every frame without allocating', async () => {
    const ing = createTestIngestion(64);
    for (let i = 0; i < 20; i++) putAvatar(ing, i, [110 + i * 2, 120 + (i % 5), 21], `Av${i}`, 'Lee');
    const tags = createNameTags();
    collectNameTags(tags, ing);
    const camera = testCamera([100, 100, 30], [128, 128, 22]);
    const terrain = testTerrain((x) => 20 + x * 0.01);
    const { scavenges } = await measureAllocation(() => placeNameTags(tags, ing, camera, 640, 400, 128, terrain), 20_000, 20, 200);
    expect(scavenges).toBeLessThanOrEqual(1);
    expect(tags.visible.subarray(0, 20).reduce((a, b) => a + b, 0)).toBeGreaterThan(10);
  }, 60_000);
});
