/**
 * The fixed parts of a scene: the demo's welcome sign, and the test layout's known
 * objects at known places (on the flat plateau north of the arrival point at the
 * region's centre), so browser and protocol tests can look for them by name.
 */
import { LIBRARY_MESHES } from '../meshes/mesh-library.ts';
import { LIBRARY_TEXTURES } from '../textures/procedural-textures.ts';
import type { FlexibleSpec, PrimSpec } from './scene-types.ts';

export const TEST_OBJECT_NAMES = {
  redBox: 'test red box',
  greenSphere: 'test green sphere',
  blueCylinder: 'test blue cylinder',
  yellowTorus: 'test yellow torus',
  lamp: 'test lamp',
  linkset: 'test linkset',
  mover: 'test mover',
  sign: 'test sign',
  textureBoard: 'test texture board',
  sculptSphere: 'test sculpt sphere',
  meshKnot: 'test mesh torus knot',
  meshVase: 'test mesh vase',
  flexible: 'test flexible rod',
} as const;

/** The library mesh with this name (cone, torus knot, vase, rigged column). */
export function libraryMeshId(name: string): string {
  return LIBRARY_MESHES.find((m) => m.name === name)!.id;
}

/** The SL build floater's defaults for a new flexible prim, with gravity raised so the bend shows. */
export const FLEXIBLE_DEFAULTS: FlexibleSpec = { softness: 2, tension: 1, drag: 2, gravity: 1, wind: 0 };

/** The texture on the test texture board: red, green / blue, yellow quadrants (procedural-textures.ts). */
export const TEST_BOARD_TEXTURE = 'quadrants';

/** The blank (white) texture: the test layout's coloured objects show their colour alone, as SL's blank texture does. */
export const BLANK_TEXTURE_ID = LIBRARY_TEXTURES.find((t) => t.pattern === 'blank')!.id;
const BLANK = BLANK_TEXTURE_ID;

/**
 * Known objects; positions are region metres with z above the terrain (the plateau, 22 m).
 * The red box of scale 2 stands at (128, 140) with its centre 1 m above the ground.
 */
export const TEST_LAYOUT: readonly PrimSpec[] = Object.freeze([
  { name: TEST_OBJECT_NAMES.redBox, shape: 'box', position: [128, 140, 1], aboveTerrain: true, scale: [2, 2, 2], color: [1, 0, 0, 1], textureId: BLANK },
  { name: TEST_OBJECT_NAMES.greenSphere, shape: 'sphere', position: [134, 140, 1], aboveTerrain: true, scale: [2, 2, 2], color: [0, 1, 0, 1], textureId: BLANK },
  { name: TEST_OBJECT_NAMES.blueCylinder, shape: 'cylinder', position: [122, 140, 1], aboveTerrain: true, scale: [2, 2, 2], color: [0, 0, 1, 1], textureId: BLANK },
  { name: TEST_OBJECT_NAMES.yellowTorus, shape: 'torus', position: [140, 140, 1], aboveTerrain: true, scale: [2, 2, 2], color: [1, 1, 0, 1], textureId: BLANK },
  {
    name: TEST_OBJECT_NAMES.lamp, shape: 'sphere', position: [128, 134, 3], aboveTerrain: true, scale: [0.5, 0.5, 0.5],
    light: { color: [1, 0.9, 0.7], intensity: 1, radius: 10, cutoff: 0, falloff: 0.75 },
  },
  {
    name: TEST_OBJECT_NAMES.linkset, shape: 'box', position: [116, 140, 0.5], aboveTerrain: true, color: [0.6, 0.6, 0.6, 1],
    children: [
      { name: `${TEST_OBJECT_NAMES.linkset} child 1`, shape: 'cylinder', position: [0, 0, 1], scale: [0.5, 0.5, 1] },
      { name: `${TEST_OBJECT_NAMES.linkset} child 2`, shape: 'sphere', position: [1, 0, 0], scale: [0.5, 0.5, 0.5] },
    ],
  },
  {
    name: TEST_OBJECT_NAMES.mover, shape: 'box', position: [128, 128, 8], aboveTerrain: true, scale: [0.5, 0.5, 0.5],
    color: [1, 0, 1, 1], textureId: BLANK, mover: { radius: 6, speed: 2, phase: 0 },
  },
  {
    name: TEST_OBJECT_NAMES.sign, shape: 'box', position: [128, 146, 1], aboveTerrain: true, scale: [3, 0.2, 2],
    text: 'SLV test region', textColor: [1, 1, 1, 1],
  },
  {
    name: TEST_OBJECT_NAMES.textureBoard, shape: 'box', position: [146, 140, 1.5], aboveTerrain: true, scale: [2, 0.2, 2],
    textureId: LIBRARY_TEXTURES.find((t) => t.pattern === TEST_BOARD_TEXTURE)!.id,
  },
  {
    name: TEST_OBJECT_NAMES.sculptSphere, shape: 'sphere', position: [152, 140, 1.5], aboveTerrain: true, scale: [2, 2, 2],
    color: [1, 0, 1, 1], textureId: BLANK, sculpt: { textureId: sculptMapId('sculpt-sphere'), type: 1 },
  },
  // South of the arrival point: a mesh with all four LODs, one with only high_lod, and a level flexible rod.
  {
    name: TEST_OBJECT_NAMES.meshKnot, shape: 'box', position: [122, 116, 1.5], aboveTerrain: true, scale: [2, 2, 2],
    color: [1, 0.5, 0, 1], textureId: BLANK, meshId: libraryMeshId('torus knot'),
  },
  {
    name: TEST_OBJECT_NAMES.meshVase, shape: 'box', position: [128, 116, 1.5], aboveTerrain: true, scale: [1.5, 1.5, 2],
    color: [0, 0.8, 0.8, 1], textureId: BLANK, meshId: libraryMeshId('vase'),
  },
  {
    name: TEST_OBJECT_NAMES.flexible, shape: 'box', position: [134, 116, 2.5], aboveTerrain: true, scale: [0.2, 0.2, 3],
    rotation: [0, Math.SQRT1_2, 0, Math.SQRT1_2], color: [1, 1, 1, 1], textureId: BLANK, flexible: FLEXIBLE_DEFAULTS,
  },
] satisfies PrimSpec[]);

/** The library's sculpt map with this pattern. */
export function sculptMapId(pattern: 'sculpt-sphere' | 'sculpt-torus'): string {
  return LIBRARY_TEXTURES.find((t) => t.pattern === pattern)!.id;
}

export function demoLayout(regionName: string): PrimSpec[] {
  return [
    {
      name: 'sculpted sphere', shape: 'sphere', position: [121, 132, 1.5], aboveTerrain: true, scale: [2, 2, 2],
      color: [0.9, 0.75, 0.55, 1], sculpt: { textureId: sculptMapId('sculpt-sphere'), type: 1 },
    },
    {
      name: 'sculpted torus', shape: 'torus', position: [135, 132, 1.2], aboveTerrain: true, scale: [2.4, 2.4, 2.4],
      color: [0.6, 0.8, 0.95, 1], sculpt: { textureId: sculptMapId('sculpt-torus'), type: 2 },
    },
    {
      name: 'mesh torus knot', shape: 'box', position: [115, 126, 1.6], aboveTerrain: true, scale: [2.4, 2.4, 2.4],
      color: [0.85, 0.55, 0.3, 1], meshId: libraryMeshId('torus knot'),
    },
    {
      name: 'mesh vase', shape: 'box', position: [141, 126, 1.1], aboveTerrain: true, scale: [1.2, 1.2, 2.2],
      color: [0.5, 0.7, 0.9, 1], meshId: libraryMeshId('vase'),
    },
    {
      name: 'mesh cone', shape: 'box', position: [110, 134, 1], aboveTerrain: true, scale: [1.6, 1.6, 2],
      color: [0.4, 0.75, 0.4, 1], meshId: libraryMeshId('cone'),
    },
    // Banners on a pole: flexible prims hanging from the top of a cylinder.
    {
      name: 'banner pole', shape: 'cylinder', position: [146, 134, 2], aboveTerrain: true, scale: [0.15, 0.15, 4],
      color: [0.5, 0.45, 0.4, 1],
      children: [
        { name: 'banner', shape: 'box', position: [0, 0.9, 1.6], scale: [0.05, 0.3, 1.8], rotation: [Math.SQRT1_2, 0, 0, Math.SQRT1_2], color: [0.8, 0.1, 0.1, 1], flexible: { ...FLEXIBLE_DEFAULTS, force: [0.4, 0, 0] } },
      ],
    },
    {
      name: 'welcome sign', shape: 'box', position: [128, 136, 1], aboveTerrain: true, scale: [4, 0.2, 2],
      color: [0.9, 0.85, 0.7, 1], text: `Welcome to ${regionName}`, textColor: [1, 1, 1, 1],
    },
  ];
}
