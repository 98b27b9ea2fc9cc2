/**
 * The terrain's shaders. Without the virtual texture: the height ramp's
 * vertex colours times a tiling grey detail texture. With it (WebGL2, the
 * region's four detail textures streaming): the SL viewer's composition,
 * per pixel: (height + a little noise - start) × 4 / range, clamped to
 * 0..3, picks the two textures to blend, start and range interpolated
 * between the region's corners; each texture repeats every
 * TERRAIN_METRES_PER_REPEAT metres. A texture not resident yet falls back to
 * the ramp colour where it would show.
 */
import { toGlsl300, vtFragmentSource, VT_FRAGMENT_FUNCTIONS } from '../textures/vt-shader.ts';
import { FOG_AND_SUN, PRECISION, shadeFunction, type ShaderVariant } from './shaders.ts';

/** The SL viewer's RenderTerrainScale default: one repeat of a terrain texture per this many metres. */
export const TERRAIN_METRES_PER_REPEAT = 12;
/** How far, in metres, the composition's noise moves the borders between the textures. */
export const TERRAIN_NOISE_METRES = 0.3;

export const TERRAIN_VERTEX = `precision highp float;
attribute vec3 position;
attribute vec3 normal;
attribute vec4 color;
uniform mat4 uView;
uniform mat4 uProjection;
uniform float uDetailScale;
varying vec3 vNormal;
varying vec3 vViewPos;
varying vec3 vRegionPos;
varying vec2 vUv;
varying vec3 vColor;

void main() {
  vec4 viewPos = uView * vec4(position, 1.0);
  vNormal = normal;
  vViewPos = viewPos.xyz;
  vRegionPos = position;
  vUv = position.xy * uDetailScale;
  vColor = color.rgb;
  gl_Position = uProjection * viewPos;
}
`;

/** Value noise in -0.5..0.5 over a lattice of `cell` metres. */
const NOISE = `
float hash2(vec2 p) {
  return fract(sin(dot(p, vec2(127.1, 311.7))) * 43758.5453);
}
float valueNoise(vec2 p) {
  vec2 i = floor(p);
  vec2 f = fract(p);
  vec2 u = f * f * (3.0 - 2.0 * f);
  float a = mix(hash2(i), hash2(i + vec2(1.0, 0.0)), u.x);
  float b = mix(hash2(i + vec2(0.0, 1.0)), hash2(i + vec2(1.0, 1.0)), u.x);
  return mix(a, b, u.y) - 0.5;
}
`;

/**
 * uTerrain: [0] page-table rows + 1 of the four textures (0: none),
 * [1] start heights SW, SE, NW, NE, [2] ranges, [3] (region size, metres
 * per repeat, noise in metres, 0). A matrix: regl hands it to GL as it is.
 */
const COMPOSITION = `${VT_FRAGMENT_FUNCTIONS}${NOISE}
uniform mat4 uTerrain;

vec4 terrainTexture(float index, vec2 uv, vec2 dx, vec2 dy) {
  // Chosen, not indexed: GLSL ES 1.00 fragment shaders may index a vector only by a constant.
  vec4 rows = uTerrain[0];
  float row = index < 0.5 ? rows.x : index < 1.5 ? rows.y : index < 2.5 ? rows.z : rows.w;
  if (row < 0.5) return vec4(1.0, 1.0, 1.0, -1.0);
  return vtSampleGrad(uv, dx, dy, row - 1.0);
}

vec3 terrainAlbedo(vec3 rampColor) {
  vec2 uv = vRegionPos.xy / uTerrain[3].y;
  vec2 dx = dFdx(uv);
  vec2 dy = dFdy(uv);
  vec2 t = clamp(vRegionPos.xy / uTerrain[3].x, 0.0, 1.0);
  vec4 s = uTerrain[1];
  vec4 r = uTerrain[2];
  float start = mix(mix(s.x, s.y, t.x), mix(s.z, s.w, t.x), t.y);
  float range = mix(mix(r.x, r.y, t.x), mix(r.z, r.w, t.x), t.y);
  float noise = (valueNoise(vRegionPos.xy / 9.0) * 6.5 + valueNoise(vRegionPos.xy / 2.0)) * uTerrain[3].z;
  float value = clamp((vRegionPos.z + noise - start) * 4.0 / max(range, 0.01), 0.0, 3.0);
  float low = min(floor(value), 2.0);
  vec4 a = terrainTexture(low, uv, dx, dy);
  vec4 b = terrainTexture(low + 1.0, uv, dx, dy);
  vec3 ca = a.a < 0.0 ? rampColor : a.rgb;
  vec3 cb = b.a < 0.0 ? rampColor : b.rgb;
  return mix(ca, cb, value - low);
}
`;

export function terrainFragment(variant: ShaderVariant): string {
  const source = `${PRECISION}${FOG_AND_SUN}${shadeFunction(variant)}
uniform sampler2D uDetail;
varying vec3 vNormal;
varying vec3 vViewPos;
varying vec3 vRegionPos;
varying vec2 vUv;
varying vec3 vColor;
${variant.virtualTexture ? COMPOSITION : ''}
void main() {
  vec3 ramp = vColor * texture2D(uDetail, vUv).rgb;
  vec3 albedo = ${variant.virtualTexture ? 'terrainAlbedo(ramp)' : 'ramp'};
  gl_FragColor = vec4(applyFog(shade(albedo, normalize(vNormal), vViewPos), -vViewPos.z), 1.0);
}
`;
  return variant.virtualTexture ? vtFragmentSource(source, variant.glsl300) : source;
}

export function terrainVertex(variant: ShaderVariant): string {
  return variant.virtualTexture && variant.glsl300 ? toGlsl300(TERRAIN_VERTEX, 'vertex') : TERRAIN_VERTEX;
}
