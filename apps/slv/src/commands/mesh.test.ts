/**
 * `slv mesh`: text and JSON summaries of mesh assets written by the
 * simulator's encoder (all four LODs with a NoGeometry face; a rigged mesh
 * with its skin; one LOD only), --lod, and every refusal: flags and values
 * named with exit 2, a broken asset and a missing file with exit 1.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { coneFaces, encodeMeshAsset, LIBRARY_MESHES, NO_GEOMETRY_FACE, vaseFace } from '@slv/sim';
import { describe, expect, it } from 'vitest';
import { runMesh } from './mesh.ts';

const dir = mkdtempSync(join(tmpdir(), 'slv-mesh-'));
const write = (name: string, bytes: Uint8Array): string => {
  const file = join(dir, name);
  writeFileSync(file, bytes);
  return file;
};
const FOUR_LODS = write('four.mesh', encodeMeshAsset({
  lods: { lowest_lod: coneFaces(4), low_lod: coneFaces(8), medium_lod: coneFaces(16), high_lod: [...coneFaces(32), NO_GEOMETRY_FACE] },
  physicsConvex: { BoundingVerts: new Uint8Array(6) } as never,
}));
const RIGGED = write('rigged.mesh', encodeMeshAsset(LIBRARY_MESHES.find((m) => m.name === 'rigged column')!.content()));
const ONE_LOD = write('vase.mesh', encodeMeshAsset({ lods: { high_lod: [vaseFace(8, 4)] } }));

async function run(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runMesh(args, (l) => out.push(l), (l) => err.push(l));
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('slv mesh', () => {
  it('--json: per LOD the faces with vertex and triangle counts, domains, what each face has; the skin joints', async () => {
    const { code, out } = await run(FOUR_LODS, '--json');
    expect(code).toBe(0);
    const summary = JSON.parse(out);
    expect(Object.keys(summary.lods)).toEqual(['lowest_lod', 'low_lod', 'medium_lod', 'high_lod']);
    expect(summary.lods.high_lod.generated).toBe(false);
    expect(summary.lods.high_lod.faces.map((f: { vertices: number; triangles: number }) => [f.vertices, f.triangles])).toEqual([[33 * 8, 32 * 7 * 2], [33, 32], [0, 0]]);
    expect(summary.lods.high_lod.faces[0]).toMatchObject({ noGeometry: false, normals: true, uvs: true, weights: false, positionDomain: { min: [-0.5, -0.5, -0.5], max: [0.5, 0.5, 0.5] } });
    expect(summary.lods.high_lod.faces[2]).toMatchObject({ noGeometry: true, positionDomain: null });
    expect(summary.skin).toBeNull();
    expect(summary.physics).toEqual(['physics_convex']);
    const rigged = JSON.parse((await run(RIGGED, '--json')).out);
    expect(rigged.skin).toEqual({ joints: ['mPelvis', 'mTorso'] });
    expect(rigged.lods.high_lod.faces[0].weights).toBe(true);
  });

  it('prints a text summary, and --lod decodes one LOD', async () => {
    const { code, out } = await run(RIGGED);
    expect(code).toBe(0);
    expect(out).toMatch(/rigged\.mesh: \d+ bytes, header \d+ bytes, LODs lowest_lod, low_lod, medium_lod, high_lod/);
    expect(out).toMatch(/ {2}high_lod: 1 faces, \d+ vertices, \d+ triangles \(\d+ bytes compressed\)\n {4}face 0: \d+ vertices, \d+ triangles, domain \(-0\.3, -0\.3, -0\.5\)\.\.\(0\.3, 0\.3, 0\.5\); normals, UVs, weights/);
    expect(out).toMatch(/skin: 2 joints: mPelvis, mTorso/);
    const one = await run(FOUR_LODS, '--lod', 'LOW_LOD', '--json');
    expect(Object.keys(JSON.parse(one.out).lods)).toEqual(['low_lod']);
    expect((await run(FOUR_LODS)).out).toMatch(/face 2: NoGeometry\n {2}not decoded: physics_convex/);
  });

  it('refuses flags and values by name (exit 2), broken and missing files (exit 1)', async () => {
    const cases: [string[], RegExp][] = [
      [[], /slv mesh: needs a FILE/],
      [[ONE_LOD, ONE_LOD], /takes one FILE, got 2/],
      [[ONE_LOD, '--lod', 'best'], /--lod must be one of lowest_lod, low_lod, medium_lod, high_lod, got "best"/],
      [[ONE_LOD, '--lod'], /--lod needs a value/],
      [[ONE_LOD, '--json=yes'], /--json takes no value/],
      [[ONE_LOD, '--simplify', '--lod', 'high_lod'], /--simplify looks at every LOD: it does not go with --lod/],
      [[ONE_LOD, '--simplify', '--aggressiveness', '1.5'], /--aggressiveness must be a number from 0 to 1, got "1\.5"/],
      [[ONE_LOD, '--aggressiveness', '0.5'], /--aggressiveness needs --simplify/],
      [[ONE_LOD, '--lod', 'low_lod'], /--lod low_lod: .*vase\.mesh has no low_lod \(it has high_lod\)/],
    ];
    for (const [args, message] of cases) {
      const result = await run(...args);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.err).toMatch(message);
    }
    const broken = write('broken.mesh', encodeMeshAsset({ lods: { high_lod: [vaseFace(8, 4)] } }).subarray(0, 80));
    const bad = await run(broken);
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/^slv mesh: mesh .*broken\.mesh: header: high_lod \(offset 0, size \d+\) ends at byte \d+, past the end of the 80-byte asset$/);
    const missing = await run(join(dir, 'nope.mesh'));
    expect(missing.code).toBe(1);
    expect(missing.err).toMatch(/nope\.mesh: ENOENT/);
    const help = (await run('--help')).out;
    expect(help).toMatch(/^usage: slv mesh FILE \[--lod NAME \| --simplify \[--aggressiveness A\]\] \[--json\]/);
    expect(help).toMatch(/--simplify {4}also print the LODs the viewer would generate/);
  });

  it('--simplify: the LODs an asset lacks, generated from the nearest finer one, marked generated; an asset with all four gains none', async () => {
    const vase = write('vase-big.mesh', encodeMeshAsset({ lods: { high_lod: [vaseFace(48, 24)] } }));
    const summary = JSON.parse((await run(vase, '--simplify', '--json')).out);
    expect(Object.keys(summary.lods)).toEqual(['lowest_lod', 'low_lod', 'medium_lod', 'high_lod']);
    expect(summary.lods.high_lod.generated).toBe(false);
    const triangles = (name: string): number => summary.lods[name].faces.reduce((n: number, f: { triangles: number }) => n + f.triangles, 0);
    for (const [name, steps] of [['medium_lod', 1], ['low_lod', 2], ['lowest_lod', 3]] as const) {
      expect(summary.lods[name]).toMatchObject({ generated: true, from: 'high_lod' });
      expect(summary.lods[name].faces[0].vertices).toBeGreaterThan(0);
      // Balanced: 0.3125 of the triangles per LOD step.
      expect(triangles(name)).toBeLessThanOrEqual(Math.ceil(triangles('high_lod') * 0.3125 ** steps) + 1);
    }
    expect(triangles('lowest_lod')).toBeLessThan(triangles('low_lod'));
    const harder = JSON.parse((await run(vase, '--simplify', '--aggressiveness', '0.75', '--json')).out);
    expect(harder.lods.medium_lod.faces[0].triangles).toBeLessThan(summary.lods.medium_lod.faces[0].triangles);
    const text = (await run(vase, '--simplify')).out;
    expect(text).toMatch(/ {2}medium_lod: 1 faces, \d+ vertices, \d+ triangles \(generated from high_lod\)/);
    const four = JSON.parse((await run(FOUR_LODS, '--simplify', '--json')).out);
    expect(Object.values(four.lods).map((lod) => (lod as { generated: boolean }).generated)).toEqual([false, false, false, false]);
  });
});
