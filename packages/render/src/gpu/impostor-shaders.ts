/**
 * The impostor pass's shaders (GLSL ES 1.00) and the tile clear of the
 * bake. An impostor is a quad facing the eye at its linkset's sphere,
 * pulled toward the eye by the radius (and shrunk to keep its size on
 * screen) so the ground in front of the object does not cut its picture;
 * it shows the atlas frame whose octahedral cell holds the direction to the
 * eye (impostors/octahedral.ts, the same mapping and up vector), alpha
 * tested at 0.5 and written to depth like any opaque face, with fog by its
 * view depth. The bake wrote lit colours over transparent black, so a
 * filtered texel divided by its alpha is the colour of the covered part.
 */
import { FOG_AND_SUN, PRECISION } from './shaders.ts';

export const IMPOSTOR_VERTEX = `precision highp float;
attribute vec2 corner;
attribute vec4 sphere;
attribute vec4 tile;
uniform mat4 uView;
uniform mat4 uProjection;
uniform mat4 uImpostor;
#define uEye uImpostor[0].xyz
#define uFrames uImpostor[0].w
#define uTileUv uImpostor[1].xy
varying vec2 vAtlasUv;
varying float vDepth;

vec2 octEncode(vec3 d) {
  vec3 p = d / (abs(d.x) + abs(d.y) + abs(d.z));
  vec2 e = p.xy;
  if (p.z < 0.0) e = (1.0 - abs(p.yx)) * vec2(p.x >= 0.0 ? 1.0 : -1.0, p.y >= 0.0 ? 1.0 : -1.0);
  return e * 0.5 + 0.5;
}

void main() {
  vec3 toEye = uEye - sphere.xyz;
  float dist = max(length(toEye), 1e-4);
  vec3 d = toEye / dist;
  vec2 cell = min(floor(octEncode(d) * uFrames), vec2(uFrames - 1.0));
  vec3 a = abs(d.z) > 0.999 ? vec3(0.0, 1.0, 0.0) : vec3(0.0, 0.0, 1.0);
  vec3 right = normalize(cross(a, d));
  vec3 up = cross(d, right);
  float pull = min(sphere.w, dist * 0.5);
  float shrink = (dist - pull) / dist;
  vec2 c = corner * 2.0 - 1.0;
  vec3 world = sphere.xyz + d * pull + (right * c.x + up * c.y) * (sphere.w * shrink);
  vAtlasUv = (tile.xy + (cell + corner) / uFrames) * uTileUv;
  vec4 viewPos = uView * vec4(world, 1.0);
  gl_Position = uProjection * viewPos;
  vDepth = -viewPos.z;
}
`;

export const IMPOSTOR_FRAGMENT = `${PRECISION}${FOG_AND_SUN}
varying float vDepth;
varying vec2 vAtlasUv;
uniform sampler2D uAtlas;

void main() {
  vec4 texel = texture2D(uAtlas, vAtlasUv);
  if (texel.a < 0.5) discard;
  gl_FragColor = vec4(applyFog(texel.rgb / texel.a, vDepth), 1.0);
}
`;

/** Clears one tile of the atlas: transparent black, depth 1 (a quad at the far plane, depth test always). */
export const TILE_CLEAR_VERTEX = `precision highp float;
attribute vec2 corner;
uniform mat2 uRect;
void main() {
  gl_Position = vec4(mix(uRect[0], uRect[1], corner), 1.0, 1.0);
}
`;

export const TILE_CLEAR_FRAGMENT = `precision mediump float;
void main() {
  gl_FragColor = vec4(0.0);
}
`;
