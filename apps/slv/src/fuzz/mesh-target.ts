/**
 * The `mesh` fuzz target: whole LLSD mesh assets through decodeMeshAsset
 * (header, every LOD segment, the skin). Compressed segments mutated as
 * bytes almost never inflate, so the structure-aware mutator inflates one
 * segment, mutates the binary LLSD inside (sizes, depth, bytes), deflates it
 * again and writes a header that matches the new layout: the face, domain,
 * index and weight readers behind zlib see the mutations.
 */
import { deflateSync, inflateSync } from 'node:zlib';
import { MeshFormatError, decodeMeshAsset, readMeshHeader } from '@slv/assets';
import { LLSD_BINARY_MUTATORS } from './container-mutators.ts';
import type { FuzzRandom } from './fuzz-random.ts';
import { BYTE_MUTATORS, dictionaryMutator, type MutationContext, type WeightedMutator } from './mutators.ts';
import type { SeedCorpus } from './seeds.ts';
import type { FuzzTarget } from './targets.ts';

/** The segments of an asset as (name, compressed bytes), or null when its header does not read. */
function segmentsOf(input: Uint8Array): [string, Uint8Array][] | null {
  try {
    const header = readMeshHeader(input, { total: input.length });
    return Object.values(header.segments)
      .filter((range) => range.end <= input.length)
      .sort((a, b) => a.start - b.start)
      .map((range) => [range.name, input.subarray(range.start, range.end)]);
  } catch {
    return null;
  }
}

const INNER_MUTATORS: readonly WeightedMutator[] = [
  ...LLSD_BINARY_MUTATORS,
  ...BYTE_MUTATORS,
  dictionaryMutator('mesh-keys', ['PositionDomain', 'TexCoord0Domain', 'Position', 'Normal', 'TexCoord0', 'TriangleList', 'Weights', 'NoGeometry',
    'Min', 'Max', 'joint_names', 'inverse_bind_matrix', 'bind_shape_matrix', 'alt_inverse_bind_matrix', 'pelvis_offset'], 4),
];

function pickWeighted(random: FuzzRandom, mutators: readonly WeightedMutator[]): WeightedMutator {
  let total = 0;
  for (const m of mutators) total += m.weight;
  let at = random.below(total);
  for (const m of mutators) {
    at -= m.weight;
    if (at < 0) return m;
  }
  return mutators[mutators.length - 1]!;
}

/** Writes the asset again around its (possibly changed) segments. */
type Assemble = (segments: readonly (readonly [string, Uint8Array])[]) => Uint8Array;

function segmentMutator(assemble: Assemble): WeightedMutator {
  return {
    name: 'mesh-segment-llsd', weight: 12,
    mutate(input: Uint8Array, random: FuzzRandom, context: MutationContext) {
      const segments = segmentsOf(input);
      if (segments === null || segments.length === 0) return input;
      const which = random.below(segments.length);
      let inflated: Uint8Array;
      try {
        inflated = inflateSync(segments[which]![1], { maxOutputLength: 4 << 20 });
      } catch {
        return input;
      }
      const inner = { corpus: [inflated], maxLength: Math.max(inflated.length * 2, 4096) };
      let mutated: Uint8Array = inflated;
      for (let n = 1 + random.below(3); n > 0; n--) mutated = pickWeighted(random, INNER_MUTATORS).mutate(mutated, random, inner);
      segments[which] = [segments[which]![0], deflateSync(mutated)];
      // Now and then a segment dropped or repeated under another name (a LOD missing, a skin where a LOD was).
      if (random.chance(0.1)) segments.splice(random.below(segments.length), 1);
      if (random.chance(0.1) && segments.length > 0) segments.push([random.pick(['lowest_lod', 'low_lod', 'medium_lod', 'high_lod', 'skin']), random.pick(segments)[1]]);
      const out = assemble(segments);
      return out.length <= context.maxLength ? out : input;
    },
  };
}

/**
 * The simulator's library meshes cut to their two coarsest LODs (and skin), and its high_lod-only vase at low
 * tessellation: the same structure as the full assets (faces, domains, NoGeometry, weights, joints) at a tenth
 * of the bytes, so a decode takes a fraction of a millisecond and a long run reaches millions of inputs.
 */
export async function meshCorpus(): Promise<SeedCorpus & { assemble: Assemble }> {
  const { LIBRARY_MESHES, assembleMeshAsset, encodeMeshAsset, vaseFace } = await import('@slv/sim');
  const seeds = LIBRARY_MESHES.map((mesh) => {
    const content = mesh.content();
    const { lowest_lod, low_lod, high_lod } = content.lods;
    const lods = lowest_lod !== undefined ? { lowest_lod, ...(low_lod !== undefined ? { low_lod } : {}) } : { high_lod: high_lod !== undefined ? [vaseFace(8, 4)] : [] };
    return encodeMeshAsset({ ...content, lods });
  });
  return {
    seeds, assemble: assembleMeshAsset,
    sources: [`the simulator's mesh library (${LIBRARY_MESHES.map((m) => m.name).join(', ')}) cut to the coarse LODs: several LODs, high_lod only, a skin, a NoGeometry face`],
  };
}

/** Built lazily: the simulator's encoder comes in with the corpus. */
let assembleFromCorpus: Assemble | null = null;
const deferredAssemble: Assemble = (segments) => {
  if (assembleFromCorpus === null) throw new Error('mesh target: corpus not built yet');
  return assembleFromCorpus(segments);
};

export const meshTarget: FuzzTarget = {
  name: 'mesh',
  description: 'decodeMeshAsset: LLSD mesh header, LOD segments and skin, mutated inside zlib too (documented: MeshFormatError)',
  maxInputBytes: 256 * 1024,
  mutators: [...BYTE_MUTATORS, segmentMutator(deferredAssemble), dictionaryMutator('mesh-header-keys', ['offset', 'size', 'version', 'high_lod', 'skin', 'physics_convex'], 3)],
  isDocumentedError: (error) => error instanceof MeshFormatError,
  async corpus(): Promise<SeedCorpus> {
    const corpus = await meshCorpus();
    assembleFromCorpus = corpus.assemble;
    return { seeds: corpus.seeds, sources: corpus.sources };
  },
  async prepare() {
    const { installNodeInflate } = await import('@slv/assets/node');
    installNodeInflate();
    return async (input) => {
      await decodeMeshAsset(input);
    };
  },
};
