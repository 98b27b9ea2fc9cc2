/**
 * GLSL ES 3.00 for sampling the virtual texture (see vt-layout.ts for the
 * layout it reads). The fragment finds its level from the derivatives of
 * the texture coordinates in level-0 texels (so repeats and distance both
 * count; the caller takes them, in uniform control flow), reads the page-table entry of the page under its coordinates
 * (which names the page's slot, or the nearest coarser resident page's, and
 * the level that slot holds), and samples the atlas bilinearly at an
 * explicit LOD 0 inside that page's border. Trilinear filtering blends two
 * levels. Also the GLSL 1.00 → 3.00 rewrite the textured variant uses.
 */
import { BORDER, PAGE, SLOT, TAIL_CELLS, TAIL_MAX } from './vt-layout.ts';

const f = (n: number) => n.toFixed(1);

function tailCellTable(): string {
  return TAIL_CELLS.map(([x, y], k) => `  if (k == ${k}) return vec2(${f(x)}, ${f(y)});`).join('\n');
}

export const VT_FRAGMENT_FUNCTIONS = `
uniform highp sampler2D uVtAtlas;
uniform highp sampler2D uVtTable;
// Packed in a matrix: regl hands GL a matrix as the array it is (see frame-uniforms.ts).
uniform mat4 uVt;
#define uVtAtlasSize uVt[0].xy
#define uVtSlotsPerRow uVt[0].z
#define uVtRowWidth uVt[0].w
#define uVtTrilinear uVt[1].x
#define uVtLodBias uVt[1].y
#define uVtTableSize uVt[1].zw

const float VT_PAGE = ${f(PAGE)};
const float VT_SLOT = ${f(SLOT)};
const float VT_BORDER = ${f(BORDER)};
const float VT_TAIL_MAX = ${f(TAIL_MAX)};

vec2 vtTailCell(int k) {
${tailCellTable()}
  return vec2(0.0);
}

// The table texel at (column, row): sampled at its centre with nearest filtering, so GLSL ES 1.00 reads it too.
vec4 vtTableTexel(float row, float column) {
  return floor(texture2D(uVtTable, (vec2(column, row) + 0.5) / uVtTableSize) * 255.0 + 0.5);
}

vec2 vtLevelSides(vec2 log2Sides, float level) {
  return exp2(max(log2Sides - level, vec2(0.0)));
}

// Index of the page-table entry under wrapped coordinates w at level.
float vtEntry(vec2 w, vec2 log2Sides, float level) {
  float offset = 0.0;
  for (int m = 0; m < 13; m++) {
    if (float(m) >= level) break;
    vec2 sides = vtLevelSides(log2Sides, float(m));
    if (max(sides.x, sides.y) <= VT_TAIL_MAX) break;
    vec2 pages = max(sides / VT_PAGE, vec2(1.0));
    offset += pages.x * pages.y;
  }
  vec2 sides = vtLevelSides(log2Sides, level);
  if (max(sides.x, sides.y) <= VT_TAIL_MAX) return offset;
  vec2 pages = max(sides / VT_PAGE, vec2(1.0));
  vec2 page = min(floor(w * pages), pages - 1.0);
  return offset + page.y * pages.x + page.x;
}

// One bilinear level; a = 0 when nothing of the texture is resident.
vec4 vtSampleLevel(vec2 w, float row, vec2 log2Sides, float level) {
  vec4 entry = vtTableTexel(row, vtEntry(w, log2Sides, level));
  if (entry.a < 0.5) return vec4(1.0, 1.0, 1.0, -1.0);
  float slot = entry.r + entry.g * 256.0;
  // A paged entry holds its own level or a coarser one; the tail holds every level from entry.b down.
  float held = max(entry.b, level);
  vec2 origin = vec2(mod(slot, uVtSlotsPerRow), floor(slot / uVtSlotsPerRow)) * VT_SLOT;
  vec2 sides = vtLevelSides(log2Sides, held);
  vec2 texel;
  if (max(sides.x, sides.y) <= VT_TAIL_MAX) {
    texel = origin + vtTailCell(int(log2(max(sides.x, sides.y)) + 0.5)) + VT_BORDER + w * sides;
  } else {
    vec2 t = w * sides;
    texel = origin + VT_BORDER + t - floor(t / VT_PAGE) * VT_PAGE;
  }
  // The atlas has no mipmaps: every lookup reads its level 0.
  return texture2D(uVtAtlas, texel / uVtAtlasSize);
}

// The level of detail (fractional) of a texture of log2Sides seen with uv derivatives dx, dy: the sampler's and the feedback's.
float vtLod(vec2 dx, vec2 dy, vec2 log2Sides) {
  vec2 size = exp2(log2Sides);
  float levels = max(log2Sides.x, log2Sides.y) + 1.0;
  vec2 tx = dx * size;
  vec2 ty = dy * size;
  return clamp(0.5 * log2(max(max(dot(tx, tx), dot(ty, ty)), 1e-12)) + uVtLodBias, 0.0, levels - 1.0);
}

// The texture of page-table row 'row' at coordinates uv (repeating), with uv's screen derivatives dx, dy
// (taken by the caller where control flow is uniform); alpha -1 when none of it is resident.
vec4 vtSampleGrad(vec2 uv, vec2 dx, vec2 dy, float row) {
  vec4 info = vtTableTexel(row, uVtRowWidth - 1.0);
  if (info.a < 0.5) return vec4(1.0, 1.0, 1.0, -1.0);
  vec2 log2Sides = info.rg;
  float levels = max(log2Sides.x, log2Sides.y) + 1.0;
  float lod = vtLod(dx, dy, log2Sides);
  vec2 w = fract(uv);
  if (uVtTrilinear < 0.5) return vtSampleLevel(w, row, log2Sides, floor(lod + 0.5));
  float level = floor(lod);
  float blend = lod - level;
  vec4 fine = vtSampleLevel(w, row, log2Sides, level);
  if (blend < 0.004 || level + 1.0 >= levels) return fine;
  vec4 coarse = vtSampleLevel(w, row, log2Sides, level + 1.0);
  return coarse.a < 0.0 ? fine : mix(fine, coarse, blend);
}
`;

/** What a GLSL ES 1.00 fragment shader that samples the virtual texture needs first (screen derivatives). */
export const VT_GLSL100_HEADER = '#extension GL_OES_standard_derivatives : enable\n';

/**
 * The fragment source as the context runs it: GLSL ES 3.00 on WebGL2, else
 * 1.00 with the derivatives extension enabled.
 */
export function vtFragmentSource(source: string, glsl300: boolean): string {
  return glsl300 ? toGlsl300(source, 'fragment') : VT_GLSL100_HEADER + source;
}

/**
 * Rewrites a GLSL ES 1.00 shader of ours as 3.00: attributes and varyings
 * become in/out, texture2D becomes texture, gl_FragColor an output.
 */
export function toGlsl300(source: string, stage: 'vertex' | 'fragment'): string {
  let s = source
    .replace(/\btexture2D\s*\(/g, 'texture(')
    .replace(/^(\s*)varying\s/gm, stage === 'vertex' ? '$1out ' : '$1in ');
  if (stage === 'vertex') s = s.replace(/^(\s*)attribute\s/gm, '$1in ');
  else s = s.replace(/\bgl_FragColor\b/g, 'slvFragColor');
  const header = stage === 'fragment' ? '#version 300 es\nprecision highp float;\nout vec4 slvFragColor;\n' : '#version 300 es\n';
  return header + s;
}
