/**
 * Which of a mesh's four LODs to generate, and how hard. A LOD is generated
 * when the asset lacks it, or when it is useless: about as large as the
 * next finer LOD present (uploaders that copy high_lod into every slot), so
 * drawing it saves nothing. Each is generated from the nearest finer LOD
 * that is present and useful; a LOD with nothing finer is not generated
 * (the nearest coarser one is drawn, as the SL viewer does).
 *
 * How hard comes from `assets.simplificationAggressiveness` a (0..1): each
 * LOD step keeps `lodStepRatio(a) = 0.5 − 0.375·a` of the triangles, so a
 * LOD `steps` below its source keeps that ratio to the power `steps`:
 *
 * | profile | a | per step | high → medium | → low | → lowest |
 * | --- | --- | --- | --- | --- | --- |
 * | High | 0.25 | 0.41 | 41 % | 16 % | 6.7 % |
 * | Balanced | 0.5 | 0.31 | 31 % | 9.8 % | 3.1 % |
 * | Low | 0.75 | 0.22 | 22 % | 4.8 % | 1.0 % |
 */
import type { MeshLod } from '../decode-mesh.ts';
import { MESH_LOD_NAMES, type MeshLodName } from '../mesh-header.ts';
import { loadSimplifier, simplifyMeshLod, type SimplifyLodOptions } from './simplify-lod.ts';

/** A lower LOD with at least this share of the next finer one's size is useless (default). */
export const USELESS_LOD_SHARE = 0.9;

/** The share of triangles one LOD step keeps at aggressiveness `a` (clamped to 0..1). */
export function lodStepRatio(aggressiveness: number): number {
  const a = Math.min(1, Math.max(0, Number.isFinite(aggressiveness) ? aggressiveness : 0.5));
  return 0.5 - 0.375 * a;
}

/** The ratio for making `lod` from `from`: one step's ratio per LOD between them. */
export function generationRatio(lod: MeshLodName, from: MeshLodName, aggressiveness: number): number {
  const steps = MESH_LOD_NAMES.indexOf(from) - MESH_LOD_NAMES.indexOf(lod);
  if (steps <= 0) throw new RangeError(`${lod} is not coarser than ${from}`);
  return lodStepRatio(aggressiveness) ** steps;
}

export interface LodToGenerate {
  readonly lod: MeshLodName;
  /** The present, useful LOD it is made from (the nearest finer one). */
  readonly from: MeshLodName;
  readonly reason: 'missing' | 'useless';
}

/**
 * From each present LOD's size (triangles when decoded; a segment's bytes
 * when only the header is known: a copied LOD costs as many bytes as the
 * finer one), which LODs to generate, coarsest first.
 */
export function lodsToGenerate(sizes: Partial<Record<MeshLodName, number>>, uselessShare = USELESS_LOD_SHARE): LodToGenerate[] {
  const useful: (MeshLodName | null)[] = [null, null, null, null];
  let finer: number | null = null;
  for (let i = MESH_LOD_NAMES.length - 1; i >= 0; i--) {
    const size = sizes[MESH_LOD_NAMES[i]!];
    if (size === undefined) continue;
    if (finer === null || size < finer * uselessShare) useful[i] = MESH_LOD_NAMES[i]!;
    finer = size;
  }
  const out: LodToGenerate[] = [];
  for (let i = 0; i < MESH_LOD_NAMES.length; i++) {
    if (useful[i] !== null) continue;
    let source: MeshLodName | null = null;
    for (let j = i + 1; j < useful.length && source === null; j++) source = useful[j]!;
    if (source !== null) out.push({ lod: MESH_LOD_NAMES[i]!, from: source, reason: sizes[MESH_LOD_NAMES[i]!] === undefined ? 'missing' : 'useless' });
  }
  return out;
}

/** Each present LOD's triangle count. */
export function lodTriangleCounts(lods: Partial<Record<MeshLodName, MeshLod>>): Partial<Record<MeshLodName, number>> {
  const counts: Partial<Record<MeshLodName, number>> = {};
  for (const name of MESH_LOD_NAMES) {
    const lod = lods[name];
    if (lod !== undefined) counts[name] = lod.triangleCount;
  }
  return counts;
}

export interface FilledLods {
  /** The present LODs with the generated ones in place of the missing and useless. */
  readonly lods: Partial<Record<MeshLodName, MeshLod>>;
  /** Which of them were generated, from which LOD and why, coarsest first. */
  readonly generated: readonly LodToGenerate[];
}

/** Generates (on this thread) every LOD lodsToGenerate names, from decoded LODs. */
export async function fillMissingLods(lods: Partial<Record<MeshLodName, MeshLod>>, aggressiveness: number, options: SimplifyLodOptions = {}): Promise<FilledLods> {
  await loadSimplifier();
  const out: Partial<Record<MeshLodName, MeshLod>> = { ...lods };
  const generated: LodToGenerate[] = [];
  for (const plan of lodsToGenerate(lodTriangleCounts(lods))) {
    out[plan.lod] = simplifyMeshLod(lods[plan.from]!, plan.lod, generationRatio(plan.lod, plan.from, aggressiveness), options).lod;
    generated.push(plan);
  }
  return { lods: out, generated };
}
