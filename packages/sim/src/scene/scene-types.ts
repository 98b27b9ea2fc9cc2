/**
 * The embedded simulator's world: plain data the scene generator makes and the
 * region server encodes into ObjectUpdate / ObjectUpdateCompressed /
 * ObjectUpdateCached / ImprovedTerseObjectUpdate / KillObject and LayerData.
 */

/** Raw template values of a prim's shape (what ObjectUpdate carries, before dequantization). */
export interface ShapeBytes {
  pathCurve: number;
  profileCurve: number;
  pathBegin: number;
  pathEnd: number;
  pathScaleX: number;
  pathScaleY: number;
  pathShearX: number;
  pathShearY: number;
  pathTwist: number;
  pathTwistBegin: number;
  pathRadiusOffset: number;
  pathTaperX: number;
  pathTaperY: number;
  pathRevolutions: number;
  pathSkew: number;
  profileBegin: number;
  profileEnd: number;
  profileHollow: number;
}

export interface FaceAppearance {
  /** Lower-case UUID text. */
  textureId: string;
  /** RGBA 0..1. */
  color: [number, number, number, number];
}

export interface PointLight {
  /** Linear RGB 0..1. */
  color: [number, number, number];
  intensity: number;
  radius: number;
  cutoff: number;
  falloff: number;
}

export interface SceneObject {
  localId: number;
  /** Lower-case UUID text. */
  fullId: string;
  /** 0 for a root prim; the parent's localId for a linkset child (position then parent-relative). */
  parentId: number;
  /** 9 prim, 47 avatar, 95 grass, 255 tree. */
  pcode: number;
  material: number;
  position: [number, number, number];
  /** Unit quaternion x, y, z, w. */
  rotation: [number, number, number, number];
  scale: [number, number, number];
  velocity: [number, number, number];
  angularVelocity: [number, number, number];
  shape: ShapeBytes;
  /**
   * One texture UUID and RGBA colour (0..1) per face, at least one; faces beyond the
   * list take the last entry (it becomes the TextureEntry default, as the viewer packs it).
   */
  faces: FaceAppearance[];
  light?: PointLight;
  /** A mesh object: the mesh asset's id, sent as sculpt ExtraParams of type 5 (mesh) as Second Life does. */
  meshId?: string;
  /** A sculpted prim: its sculpt map's texture id and the SculptType byte (1 sphere … 4 cylinder, 64 mirror, 128 invert). */
  sculpt?: { textureId: string; type: number };
  /** A flexible prim: its flexible ExtraParams (its path curve is then 0x80, as the SL viewer sets it). */
  flexible?: FlexibleSpec;
  /** Hover text, or ''. */
  text: string;
  /** Avatars: "FirstName STRING RW SV Ann\nLastName STRING RW SV Lee\nTitle STRING RW SV "; prims ''. */
  nameValue?: string;
  /** Hover text colour, RGBA 0..1 (default opaque white). */
  textColor?: [number, number, number, number];
  name: string;
  ownerId: string;
  /** Bumped on every change; part of the cache key the viewer checks (ObjectUpdateCached). */
  crc: number;
  updateFlags: number;
}

/** A mover travels a circle around `center` at `speed` m/s; its updates go out as terse updates. */
export interface Mover {
  localId: number;
  center: [number, number, number];
  radius: number;
  speed: number;
  phase: number;
}

export interface Scene {
  regionName: string;
  /** Region corner in metres (a multiple of 256). */
  regionX: number;
  regionY: number;
  regionSize: number;
  waterHeight: number;
  /** Row-major regionSize × regionSize heights in metres (index y * regionSize + x). */
  heightmap: Float32Array;
  objects: SceneObject[];
  movers: Mover[];
}

/** A shape as the SL viewer's build tool makes it (LLVolumeParams presets of lltoolplacer.cpp). */
export type ShapePreset =
  | 'box' | 'pyramid' | 'wedge' | 'cylinder' | 'cone' | 'hemicylinder'
  | 'prism' | 'isosceles-prism' | 'right-prism' | 'tetrahedron'
  | 'sphere' | 'hemisphere' | 'torus' | 'tube' | 'ring';

/** The build floater's "Building block type": path curve × profile shape. */
export type ShapeFamily = 'box' | 'cylinder' | 'prism' | 'sphere' | 'torus' | 'tube' | 'ring';

/** Edits a build floater applies on top of a preset; each is optional. */
export interface ShapeEdits {
  /** 0..0.95 */
  hollow?: number;
  /** Profile cut begin/end, 0..1. */
  cut?: [number, number];
  /** Path cut begin/end ("dimple" on spheres), 0..1. */
  pathCut?: [number, number];
  /** Twist begin/end in turns (-0.5..0.5 on straight paths, -1..1 on circular ones). */
  twist?: [number, number];
  /** Top size X/Y on straight paths (0..2, 1 = none); taper X/Y (-1..1) on circular ones. */
  taper?: [number, number];
  /** Top shear X/Y, -0.5..0.5. */
  shear?: [number, number];
}

/**
 * One prim (and its linked children) for `generateScene({ extraObjects })` and
 * `RunningRegion.addObject`: anything left out gets a plain default.
 */
export interface PrimSpec {
  name?: string;
  /** A preset (default 'box'), or raw shape bytes. */
  shape?: ShapePreset | ShapeBytes;
  edits?: ShapeEdits;
  /** Region metres; parent-relative for a child. */
  position: [number, number, number];
  /** When true, position[2] is metres above the terrain under (x, y) (roots only). */
  aboveTerrain?: boolean;
  /** Default 1 × 1 × 1. */
  scale?: [number, number, number];
  /** Unit quaternion x, y, z, w (default identity). */
  rotation?: [number, number, number, number];
  /** RGBA 0..1 on every face (default opaque white). */
  color?: [number, number, number, number];
  /** Default plywood. */
  textureId?: string;
  /** Per-face appearance; overrides color and textureId. */
  faces?: FaceAppearance[];
  light?: PointLight;
  /** Makes the prim a mesh object drawing this mesh asset (e.g. one of LIBRARY_MESHES). */
  meshId?: string;
  /** Makes the prim a sculpted prim from this sculpt map (e.g. one of the library's sculpt textures). */
  sculpt?: { textureId: string; type: number };
  /** Makes the prim flexible (path curve 0x80, flexible ExtraParams). */
  flexible?: FlexibleSpec;
  text?: string;
  textColor?: [number, number, number, number];
  material?: number;
  /** Linked children; their positions and rotations are relative to this prim. */
  children?: PrimSpec[];
  /** Makes the prim a mover: it circles its position at `speed` m/s. */
  mover?: { radius: number; speed: number; phase?: number };
}

/** Flexible prim parameters as the SL build floater offers them. */
export interface FlexibleSpec {
  /** 0..3 */
  softness: number;
  tension: number;
  drag: number;
  gravity: number;
  wind: number;
  force?: [number, number, number];
}

export interface SceneOptions {
  seed: number;
  /** Randomly placed static prims, linkset children included. */
  objects: number;
  /** Lamps: extra prims that carry a point light. */
  lights: number;
  /** Extra prims circling over the terrain. */
  movers: number;
  regionName?: string;
  regionX?: number;
  regionY?: number;
  /** 'demo' (default): a welcome sign at the centre. 'test': known objects at known places (see TEST_LAYOUT). */
  layout?: 'demo' | 'test';
  /** Objects added after the layout's and the random ones (e.g. by a test). */
  extraObjects?: PrimSpec[];
  /** Default 20 m. */
  waterHeight?: number;
}
