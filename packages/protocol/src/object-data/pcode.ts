/** Object kinds (LLPCode, llprimitive/legacy_object_types.h) as sent in ObjectUpdate*.PCode. */
export const PCode = {
  None: 0,
  /** Every prim, sculpt and mesh object (LL_PCODE_VOLUME). */
  Prim: 9,
  Avatar: 47,
  Grass: 95,
  NewTree: 111,
  ParticleSystem: 143,
  /** Legacy Linden tree. */
  Tree: 255,
} as const;
export type PCode = (typeof PCode)[keyof typeof PCode];

/** True for the foliage codes, whose species travels in ObjectUpdate.Data / the compressed TreeSpecies byte. */
export function isFoliagePCode(pcode: number): boolean {
  return pcode === PCode.Grass || pcode === PCode.NewTree || pcode === PCode.Tree;
}
