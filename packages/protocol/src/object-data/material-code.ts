/** Physical material of a prim (LL_MCODE_*, llprimitive/material_codes.h); only the low nibble is the code. */
export const MaterialCode = {
  Stone: 0,
  Metal: 1,
  Glass: 2,
  Wood: 3,
  Flesh: 4,
  Plastic: 5,
  Rubber: 6,
  /** Obsolete "light" material (fullbright); kept because old content still carries it. */
  Light: 7,
} as const;
export type MaterialCode = (typeof MaterialCode)[keyof typeof MaterialCode];

export const MATERIAL_CODE_MASK = 0x0f;
