/**
 * GLSL ES 1.00 sources (WebGL1 through regl; a WebGL2 context runs them
 * as they are). Kept small on purpose: Node cannot compile them, the
 * browser smoke test and the viewer's browser test do.
 *
 * Every surface shader ends in shade(): sun + ambient on the 'basic' tier;
 * on the 'clustered' tier also the local lights of the fragment's cluster
 * (screen tile from gl_FragCoord, exponential depth slice from view depth),
 * looping over that cluster's list only. Then fog toward the sky colour up
 * to the draw distance.
 *
 * Float vectors that change per frame travel packed in matrix uniforms
 * (named back by #define): regl hands a matrix to GL as the array it is,
 * but a vecN component by component, and until a draw's generated code
 * reaches V8's top tier each component is a boxed number, allocated per
 * draw (see frame-uniforms.ts).
 */
import type { ShaderTier } from '@slv/config';
import { COLOR_RANGE, FALLOFF_RANGE } from '../lighting/light-textures.ts';
import { toGlsl300, vtFragmentSource, VT_FRAGMENT_FUNCTIONS } from '../textures/vt-shader.ts';
import type { LightTextureFormat } from '../lighting/light-textures.ts';

export interface ShaderVariant {
  readonly tier: ShaderTier;
  /** Faces sample the virtual texture; otherwise the checker. */
  readonly virtualTexture: boolean;
  /** Write it as GLSL ES 3.00 (WebGL2); else 1.00 (WebGL1, with OES_standard_derivatives for the virtual texture). */
  readonly glsl300: boolean;
  /** Loop bound of the clustered light loop (settings.rendering.lightsPerCluster). */
  readonly lightsPerCluster: number;
  readonly format: LightTextureFormat;
}

export const PRECISION = `#ifdef GL_FRAGMENT_PRECISION_HIGH
precision highp float;
#else
precision mediump float;
#endif
`;

export const FOG_AND_SUN = `
uniform mat4 uSun;
#define uLightDir uSun[0].xyz
#define uLightColor uSun[1].xyz
#define uAmbient uSun[2].xyz
#define uSkyColor uSun[3].xyz
#define uFogRange vec2(uSun[0].w, uSun[1].w)

vec3 applyFog(vec3 color, float depth) {
  float f = clamp((depth - uFogRange.x) / (uFogRange.y - uFogRange.x), 0.0, 1.0);
  return mix(color, uSkyColor, f * f * (3.0 - 2.0 * f));
}
`;

/** Texel reads and decoding of the light, cluster and index textures (see light-textures.ts). */
function lightDecode(format: LightTextureFormat): string {
  const common = `
uniform sampler2D uLightTex;
uniform sampler2D uClusterTex;
uniform sampler2D uIndexTex;
uniform mat4 uClusters;
#define uLightTexSize uClusters[0].xy
#define uClusterTexSize uClusters[0].zw
#define uIndexTexSize uClusters[1].xy
#define uClusterDepth uClusters[1].zw
#define uClusterGrid uClusters[2].xyz
#define uPackRange uClusters[2].w
#define uViewportSize uClusters[3].xy

vec4 texelAt(sampler2D tex, vec2 size, float i) {
  float row = floor((i + 0.5) / size.x);
  float col = i - row * size.x;
  return texture2D(tex, vec2((col + 0.5) / size.x, (row + 0.5) / size.y));
}
`;
  if (format === 'float') {
    return `${common}
void clusterRange(vec2 cell, out float offset, out float count) {
  vec4 c = texture2D(uClusterTex, (cell + 0.5) / uClusterTexSize);
  offset = c.x;
  count = c.y;
}
float lightIndex(float k) {
  float t = floor((k + 0.5) / 4.0);
  vec4 v = texelAt(uIndexTex, uIndexTexSize, t);
  float ch = k - t * 4.0;
  return ch < 0.5 ? v.x : ch < 1.5 ? v.y : ch < 2.5 ? v.z : v.w;
}
void lightAt(float i, out vec4 a, out vec4 b) {
  a = texelAt(uLightTex, uLightTexSize, i * 2.0);
  b = texelAt(uLightTex, uLightTexSize, i * 2.0 + 1.0);
}
`;
  }
  return `${common}
float u16(vec2 hl) {
  vec2 b = floor(hl * 255.0 + 0.5);
  return (b.x * 256.0 + b.y) / 65535.0;
}
void clusterRange(vec2 cell, out float offset, out float count) {
  vec4 b = floor(texture2D(uClusterTex, (cell + 0.5) / uClusterTexSize) * 255.0 + 0.5);
  offset = b.r * 65536.0 + b.g * 256.0 + b.b;
  count = b.a;
}
float lightIndex(float k) {
  float t = floor((k + 0.5) / 2.0);
  vec4 b = floor(texelAt(uIndexTex, uIndexTexSize, t) * 255.0 + 0.5);
  return k - t * 2.0 < 0.5 ? b.x * 256.0 + b.y : b.z * 256.0 + b.w;
}
void lightAt(float i, out vec4 a, out vec4 b) {
  vec4 t0 = texelAt(uLightTex, uLightTexSize, i * 4.0);
  vec4 t1 = texelAt(uLightTex, uLightTexSize, i * 4.0 + 1.0);
  vec4 t2 = texelAt(uLightTex, uLightTexSize, i * 4.0 + 2.0);
  vec4 t3 = texelAt(uLightTex, uLightTexSize, i * 4.0 + 3.0);
  a = vec4((vec3(u16(t0.xy), u16(t0.zw), u16(t1.xy)) * 2.0 - 1.0) * uPackRange, u16(t1.zw) * uPackRange);
  b = vec4(vec3(u16(t2.xy), u16(t2.zw), u16(t3.xy)) * ${COLOR_RANGE.toFixed(1)}, u16(t3.zw) * ${FALLOFF_RANGE.toFixed(1)});
}
`;
}

export function shadeFunction(variant: ShaderVariant): string {
  if (variant.tier === 'basic') {
    return `
vec3 shade(vec3 albedo, vec3 normal, vec3 viewPos) {
  return albedo * (uAmbient + uLightColor * max(dot(normal, uLightDir), 0.0));
}
`;
  }
  const lpc = Math.max(1, Math.floor(variant.lightsPerCluster));
  return `${lightDecode(variant.format)}
uniform mat4 uView;
#define MAX_CLUSTER_LIGHTS ${lpc}

// Local lights of the fragment's cluster. Attenuation as the SL viewer's
// deferred point lights: d = distance / radius, fa = falloff · 0.5 + 1
// (DEFERRED_LIGHT_FALLOFF), ((1 - d) / fa)² · 2, times N·L.
vec3 localLights(vec3 viewPos, vec3 viewNormal) {
  vec2 tile = clamp(floor(gl_FragCoord.xy / uViewportSize * uClusterGrid.xy), vec2(0.0), uClusterGrid.xy - 1.0);
  float slice = clamp(floor(log(max(-viewPos.z, 1e-4)) * uClusterDepth.x + uClusterDepth.y), 0.0, uClusterGrid.z - 1.0);
  float offset;
  float count;
  clusterRange(vec2(tile.x + tile.y * uClusterGrid.x, slice), offset, count);
  vec3 sum = vec3(0.0);
  for (int i = 0; i < MAX_CLUSTER_LIGHTS; i++) {
    if (float(i) >= count) break;
    vec4 a;
    vec4 b;
    lightAt(lightIndex(offset + float(i)), a, b);
    vec3 lv = a.xyz - viewPos;
    float dist = length(lv);
    float d = dist / max(a.w, 1e-4);
    if (d < 1.0) {
      float atten = (1.0 - d) / (b.w * 0.5 + 1.0);
      sum += b.rgb * (atten * atten * 2.0) * max(dot(viewNormal, lv / max(dist, 1e-4)), 0.0);
    }
  }
  return sum;
}

vec3 shade(vec3 albedo, vec3 normal, vec3 viewPos) {
  vec3 viewNormal = (uView * vec4(normal, 0.0)).xyz;
  vec3 light = uAmbient + uLightColor * max(dot(normal, uLightDir), 0.0) + localLights(viewPos, viewNormal);
  return albedo * light;
}
`;
}

/**
 * Prims and stand-in boxes, instanced: a world matrix and a face record per
 * instance (instance-streams.ts). The texture coordinates are the mesh's,
 * or for a planar-mapped face the SL viewer's planar projection, then
 * transformed as the SL viewer does it, about the face's centre: rotate,
 * scale by the repeats, then offset; the image's first row is the top, so v
 * is flipped.
 */
export const PRIM_VERTEX = `precision highp float;
attribute vec3 position;
attribute vec3 normal;
attribute vec2 uv;
attribute vec4 m0;
attribute vec4 m1;
attribute vec4 m2;
attribute vec4 m3;
attribute vec4 faceColor;
attribute vec4 faceMaterial;
attribute vec4 faceUv;
attribute vec2 faceTexture;
uniform mat4 uView;
uniform mat4 uProjection;
varying vec3 vNormal;
varying vec3 vViewPos;
varying vec2 vUv;
varying vec2 vTexUv;
varying vec4 vColor;
varying float vFullbright;
varying float vGlow;
varying float vBlend;
varying float vTexRow;

void main() {
  vec4 world = mat4(m0, m1, m2, m3) * vec4(position, 1.0);
  // Inverse transpose of R·S applied to n: Σ column_i · n_i / |column_i|².
  vec3 c0 = m0.xyz;
  vec3 c1 = m1.xyz;
  vec3 c2 = m2.xyz;
  vNormal = c0 * (normal.x / max(dot(c0, c0), 1e-12)) + c1 * (normal.y / max(dot(c1, c1), 1e-12)) + c2 * (normal.z / max(dot(c2, c2), 1e-12));
  vec4 viewPos = uView * world;
  vViewPos = viewPos.xyz;
  vUv = uv;
  // Planar mapping (TextureEntry texgen): the SL viewer's planarProjection of the position scaled to metres.
  vec2 mapped = uv;
  if (faceMaterial.w > 0.5) {
    vec3 p = position * vec3(length(c0), length(c1), length(c2));
    vec3 b = abs(normal.x) >= 0.5 ? vec3(0.0, sign(normal.x), 0.0) : vec3(normal.y > 0.0 ? -1.0 : 1.0, 0.0, 0.0);
    vec3 t = cross(b, normal);
    mapped = vec2(1.0 + (dot(b, p) * 2.0 - 0.5), -(dot(t, p) * 2.0 - 0.5));
  }
  vec2 st = mapped - 0.5;
  float c = cos(faceTexture.x);
  float s = sin(faceTexture.x);
  st = vec2(st.x * c + st.y * s, st.y * c - st.x * s) * faceUv.xy + faceUv.zw + 0.5;
  vTexUv = vec2(st.x, 1.0 - st.y);
  vColor = faceColor;
  vFullbright = faceMaterial.x;
  vGlow = faceMaterial.y;
  vBlend = faceMaterial.z;
  vTexRow = faceTexture.y;
  gl_Position = uProjection * viewPos;
}
`;

/**
 * The face's base colour: the virtual texture's texel where it runs (white
 * until some level of the texture is resident), else the procedural checker.
 */
function surfaceFunction(variant: ShaderVariant): string {
  if (!variant.virtualTexture) {
    return `
uniform sampler2D uDiffuse;
vec4 surface() {
  return vec4(texture2D(uDiffuse, vUv).rgb, 1.0);
}
`;
  }
  return `${VT_FRAGMENT_FUNCTIONS}
vec4 surface() {
  vec2 dx = dFdx(vTexUv);
  vec2 dy = dFdy(vTexUv);
  // The row arrives through a varying: interpolation can leave it a hair off the integer, so round it.
  float row = floor(vTexRow + 0.5);
  if (row < 0.5) return vec4(1.0);
  vec4 texel = vtSampleGrad(vTexUv, dx, dy, row - 1.0);
  return texel.a < 0.0 ? vec4(1.0) : texel;
}
`;
}

export const FACE_VARYINGS = `
uniform float uTranslucentPass;
varying vec2 vUv;
varying vec2 vTexUv;
varying vec4 vColor;
varying float vBlend;
varying float vTexRow;
`;

/** Each pass draws its own faces: blended ones in the translucent pass, the rest in the opaque; alpha-0 faces never. */
export const PASS_DISCARD = `
  if (vColor.a < 0.002 || (uTranslucentPass < 0.5) == (vBlend > 0.5)) discard;
`;

export function primFragment(variant: ShaderVariant): string {
  const source = `${PRECISION}${FOG_AND_SUN}${shadeFunction(variant)}${FACE_VARYINGS}${surfaceFunction(variant)}
varying vec3 vNormal;
varying vec3 vViewPos;
varying float vFullbright;

void main() {
${PASS_DISCARD}
  vec3 normal = normalize(vNormal);
  if (!gl_FrontFacing) normal = -normal;
  vec4 base = surface();
  vec3 albedo = base.rgb * vColor.rgb;
  vec3 color = mix(shade(albedo, normal, vViewPos), albedo, vFullbright);
  gl_FragColor = vec4(applyFog(color, -vViewPos.z), vColor.a * base.a);
}
`;
  return variant.virtualTexture ? vtFragmentSource(source, variant.glsl300) : source;
}

/**
 * Glow pass (see glow-pass.ts): the prim vertex shader again, writing the
 * face's colour × glow, for the same instances the pass's colour draw keeps;
 * translucent faces weighted by their alpha.
 */
export function glowFragment(variant: ShaderVariant): string {
  const source = `${PRECISION}${FACE_VARYINGS}${surfaceFunction(variant)}
varying float vGlow;

void main() {
${PASS_DISCARD}
  if (vGlow < 0.002) discard;
  vec4 base = surface();
  float weight = uTranslucentPass < 0.5 ? 1.0 : vColor.a * base.a;
  gl_FragColor = vec4(base.rgb * vColor.rgb * (vGlow * weight), 1.0);
}
`;
  return variant.virtualTexture ? vtFragmentSource(source, variant.glsl300) : source;
}

/** The prim vertex shader for a variant (GLSL 3.00 beside a 3.00 fragment). */
export function primVertex(variant: ShaderVariant): string {
  return variant.virtualTexture && variant.glsl300 ? toGlsl300(PRIM_VERTEX, 'vertex') : PRIM_VERTEX;
}

/**
 * One direction of the separable Gaussian blur of the glow buffer: the
 * centre tap and four on each side, uStep apart (UV units).
 */
export const GLOW_BLUR_FRAGMENT = `${PRECISION}
uniform sampler2D uSource;
uniform mat3 uBlur;
#define uWeight0 uBlur[0].x
#define uWeights vec4(uBlur[0].yz, uBlur[1].xy)
#define uStep uBlur[2].xy
varying vec2 vUv;

vec3 pair(float i) {
  return texture2D(uSource, vUv + uStep * i).rgb + texture2D(uSource, vUv - uStep * i).rgb;
}

void main() {
  vec3 sum = texture2D(uSource, vUv).rgb * uWeight0;
  sum += pair(1.0) * uWeights.x + pair(2.0) * uWeights.y + pair(3.0) * uWeights.z + pair(4.0) * uWeights.w;
  gl_FragColor = vec4(sum, 1.0);
}
`;

/** Adds the blurred glow onto the frame (blending one + one). */
export const GLOW_COMPOSITE_FRAGMENT = `precision mediump float;
uniform sampler2D uGlow;
uniform float uStrength;
varying vec2 vUv;
void main() {
  gl_FragColor = vec4(texture2D(uGlow, vUv).rgb * uStrength, 0.0);
}
`;

/** The water plane: one quad at the water height, translucent, with a sun glint. */
export const WATER_VERTEX = `precision highp float;
attribute vec2 corner;
uniform mat4 uView;
uniform mat4 uProjection;
uniform mat2 uWaterArea;
#define uWaterRect vec4(uWaterArea[0], uWaterArea[1])
uniform float uWaterHeight;
varying vec3 vViewPos;

void main() {
  vec3 world = vec3(mix(uWaterRect.xy, uWaterRect.zw, corner), uWaterHeight);
  vec4 viewPos = uView * vec4(world, 1.0);
  vViewPos = viewPos.xyz;
  gl_Position = uProjection * viewPos;
}
`;

export const WATER_FRAGMENT = `${PRECISION}${FOG_AND_SUN}
uniform vec4 uWaterColor;
uniform mat4 uView;
varying vec3 vViewPos;

void main() {
  vec3 up = (uView * vec4(0.0, 0.0, 1.0, 0.0)).xyz;
  vec3 sun = (uView * vec4(uLightDir, 0.0)).xyz;
  vec3 toEye = normalize(-vViewPos);
  float glint = pow(max(dot(reflect(-sun, up), toEye), 0.0), 64.0);
  vec3 color = uWaterColor.rgb * (uAmbient + uLightColor * max(uLightDir.z, 0.0)) + uLightColor * glint;
  // More opaque at grazing angles, as water reflects more there.
  float alpha = mix(1.0, uWaterColor.a, abs(dot(up, toEye)));
  gl_FragColor = vec4(applyFog(color, -vViewPos.z), alpha);
}
`;

/** Copies the offscreen colour target to the canvas (render scale). */
export const PRESENT_VERTEX = `precision highp float;
attribute vec2 corner;
varying vec2 vUv;
void main() {
  vUv = corner;
  gl_Position = vec4(corner * 2.0 - 1.0, 0.0, 1.0);
}
`;

export const PRESENT_FRAGMENT = `precision mediump float;
uniform sampler2D uColor;
varying vec2 vUv;
void main() {
  gl_FragColor = vec4(texture2D(uColor, vUv).rgb, 1.0);
}
`;
