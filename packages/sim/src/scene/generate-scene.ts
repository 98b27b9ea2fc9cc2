/**
 * A region's world from a seed: terrain, random prims of every shape family (some
 * hollow, cut, twisted, tapered or sheared, some linked), lamps with point lights,
 * movers, the layout's fixed objects and any extra objects. Same seed, same scene.
 */
import { seededRandom } from '@slv/core';
import { LIBRARY_TEXTURES } from '../textures/procedural-textures.ts';
import { TEST_LAYOUT, demoLayout } from './layouts.ts';
import { SceneBuilder, randomUuid } from './scene-builder.ts';
import type { PrimSpec, Scene, SceneObject, SceneOptions, ShapeEdits, ShapePreset } from './scene-types.ts';
import { SHAPE_PRESETS } from './shape-presets.ts';
import { PLATEAU_RADIUS, REGION_SIZE, generateHeightmap, maxTerrainHeightAround } from './terrain.ts';

export const DEFAULT_REGION_NAME = 'SLV Sim';
export const DEFAULT_WATER_HEIGHT = 20;
/** Region corner of the default region, in metres (grid 1000, 1000 like OpenSimulator's default). */
export const DEFAULT_REGION_X = 256_000;
export const DEFAULT_REGION_Y = 256_000;

/**
 * The textures faces are given: the whole texture library the region serves, led by the
 * ids every grid has (plywood, blank, the four default terrain textures), then the
 * library's own (32² to 1024², RGB and RGBA, cut-out and translucent alpha).
 */
export const SCENE_TEXTURES: readonly string[] = Object.freeze(LIBRARY_TEXTURES.map((t) => t.id));

/** One preset per family first, so any scene of seven or more roots has every family. */
const FAMILY_FIRST: readonly ShapePreset[] = ['box', 'cylinder', 'prism', 'sphere', 'torus', 'tube', 'ring'];
/** Random objects keep clear of the plateau (arrival point and test layout) and the edges. */
const CLEAR_RADIUS = PLATEAU_RADIUS + 8;
const EDGE_MARGIN = 6;
const MAX_OBJECTS = 100_000;

export function generateScene(options: SceneOptions): Scene {
  for (const key of ['objects', 'lights', 'movers'] as const) {
    const n = options[key];
    if (!Number.isInteger(n) || n < 0 || n > MAX_OBJECTS) throw new RangeError(`scene ${key} must be an integer in [0, ${MAX_OBJECTS}], got ${n}`);
  }
  const regionX = options.regionX ?? DEFAULT_REGION_X;
  const regionY = options.regionY ?? DEFAULT_REGION_Y;
  if (regionX % 256 !== 0 || regionY % 256 !== 0 || regionX < 0 || regionY < 0) {
    throw new RangeError(`region corner (${regionX}, ${regionY}) must be non-negative multiples of 256 m`);
  }
  const regionName = options.regionName ?? DEFAULT_REGION_NAME;
  const scene: Scene = {
    regionName,
    regionX,
    regionY,
    regionSize: REGION_SIZE,
    waterHeight: options.waterHeight ?? DEFAULT_WATER_HEIGHT,
    heightmap: generateHeightmap(options.seed, REGION_SIZE),
    objects: [],
    movers: [],
  };
  const random = seededRandom(options.seed);
  const builder = new SceneBuilder(scene, options.seed, randomUuid(random));

  for (const spec of options.layout === 'test' ? TEST_LAYOUT : demoLayout(regionName)) builder.add(spec);

  let remaining = options.objects;
  for (let root = 0; remaining > 0; root++) {
    const children = remaining >= 2 && random() < 0.2 ? 1 + Math.floor(random() * Math.min(4, remaining - 1)) : 0;
    builder.add(randomPrim(scene, random, root, children));
    remaining -= 1 + children;
  }
  for (let i = 0; i < options.lights; i++) builder.add(randomLamp(scene, random));
  for (let i = 0; i < options.movers; i++) builder.add(randomMover(scene, random));
  for (const spec of options.extraObjects ?? []) builder.add(spec);
  return scene;
}

/** The first object named `name`, or undefined. */
export function findObjectByName(scene: Scene, name: string): SceneObject | undefined {
  return scene.objects.find((o) => o.name === name);
}

function randomPrim(scene: Scene, random: () => number, index: number, childCount: number): PrimSpec {
  const preset = index < FAMILY_FIRST.length ? FAMILY_FIRST[index]! : SHAPE_PRESETS[Math.floor(random() * SHAPE_PRESETS.length)]!;
  const scale: [number, number, number] = [range(random, 0.5, 4), range(random, 0.5, 4), range(random, 0.5, 4)];
  // Yaw in [-π, π) keeps w = cos(yaw / 2) ≥ 0, the form the wire's packed quaternion has.
  const yaw = (random() * 2 - 1) * Math.PI;
  const [x, y] = openGround(random);
  const footprint = Math.hypot(scale[0], scale[1]) / 2;
  const ground = maxTerrainHeightAround(scene.heightmap, scene.regionSize, x, y, footprint);
  const children: PrimSpec[] = [];
  for (let c = 0; c < childCount; c++) {
    const childScale: [number, number, number] = [range(random, 0.3, 1.5), range(random, 0.3, 1.5), range(random, 0.3, 1.5)];
    // The first child sits on top, the rest beside the root, in the root's frame.
    const side = c % 2 === 0 ? 1 : -1;
    const position: [number, number, number] = c === 0
      ? [0, 0, scale[2] / 2 + childScale[2] / 2]
      : [side * (scale[0] / 2 + childScale[0] / 2), c > 2 ? scale[1] / 2 : 0, 0];
    children.push({
      name: `Object ${index} child ${c + 1}`,
      shape: SHAPE_PRESETS[Math.floor(random() * SHAPE_PRESETS.length)]!,
      position,
      scale: childScale,
      color: randomColor(random),
      textureId: randomTexture(random),
    });
  }
  // Some prims get a colour per face (six: a box's sides, more than most shapes have).
  const faces = random() < 0.15
    ? Array.from({ length: 6 }, () => ({ textureId: randomTexture(random), color: randomColor(random) }))
    : undefined;
  return {
    name: `Object ${index} (${preset})`,
    ...(faces ? { faces } : {}),
    shape: preset,
    edits: randomEdits(random),
    position: [x, y, ground + scale[2] / 2],
    scale,
    rotation: [0, 0, Math.sin(yaw / 2), Math.cos(yaw / 2)],
    color: randomColor(random),
    textureId: randomTexture(random),
    material: Math.floor(random() * 6),
    children,
  };
}

/** A post with a glowing ball on top that carries the light. */
function randomLamp(scene: Scene, random: () => number): PrimSpec {
  const [x, y] = openGround(random);
  const height = range(random, 2, 4);
  const ground = maxTerrainHeightAround(scene.heightmap, scene.regionSize, x, y, 0.5);
  const hue = range(random, 0.02, 0.16);
  const color = hsv(hue, range(random, 0.2, 0.6), 1);
  return {
    name: 'Lamp post',
    shape: 'cylinder',
    position: [x, y, ground + height / 2],
    scale: [0.15, 0.15, height],
    color: [0.2, 0.2, 0.2, 1],
    textureId: SCENE_TEXTURES[1]!,
    children: [{
      name: 'Lamp',
      shape: 'sphere',
      position: [0, 0, height / 2 + 0.25],
      scale: [0.5, 0.5, 0.5],
      color: [color[0], color[1], color[2], 1],
      textureId: SCENE_TEXTURES[1]!,
      light: { color, intensity: 1, radius: range(random, 6, 16), cutoff: 0, falloff: 0.75 },
    }],
  };
}

function randomMover(scene: Scene, random: () => number): PrimSpec {
  const radius = range(random, 4, 12);
  const [x, y] = openGround(random, radius);
  const size = range(random, 0.5, 1.5);
  const ground = maxTerrainHeightAround(scene.heightmap, scene.regionSize, x, y, radius + size);
  return {
    name: 'Mover',
    shape: random() < 0.5 ? 'sphere' : 'box',
    position: [x, y, ground + 1.5 + size / 2],
    scale: [size, size, size],
    color: randomColor(random),
    textureId: SCENE_TEXTURES[1]!,
    mover: { radius, speed: range(random, 1, 4) * (random() < 0.5 ? -1 : 1), phase: random() * Math.PI * 2 },
  };
}

/** Some prims get a build-floater edit: hollow, cut, twist, taper or shear (or two). */
function randomEdits(random: () => number): ShapeEdits {
  const edits: ShapeEdits = {};
  if (random() < 0.25) edits.hollow = range(random, 0.2, 0.8);
  if (random() < 0.15) {
    const begin = range(random, 0, 0.4);
    edits.cut = [begin, range(random, begin + 0.3, 1)];
  }
  if (random() < 0.15) edits.twist = [0, range(random, -0.5, 0.5)];
  if (random() < 0.15) edits.taper = [range(random, -0.5, 0.8), range(random, -0.5, 0.8)];
  if (random() < 0.1) edits.shear = [range(random, -0.4, 0.4), range(random, -0.4, 0.4)];
  return edits;
}

/** A point away from the plateau and at least `margin` metres inside the region. */
function openGround(random: () => number, margin = 0): [number, number] {
  const lo = EDGE_MARGIN + margin;
  const hi = REGION_SIZE - EDGE_MARGIN - margin;
  const centre = REGION_SIZE / 2;
  for (;;) {
    const x = range(random, lo, hi);
    const y = range(random, lo, hi);
    if (Math.hypot(x - centre, y - centre) >= CLEAR_RADIUS + margin) return [x, y];
  }
}

function randomColor(random: () => number): [number, number, number, number] {
  const [r, g, b] = hsv(random(), range(random, 0.3, 0.9), range(random, 0.6, 1));
  return [r, g, b, 1];
}

function randomTexture(random: () => number): string {
  return SCENE_TEXTURES[Math.floor(random() * SCENE_TEXTURES.length)]!;
}

function range(random: () => number, lo: number, hi: number): number {
  return lo + (hi - lo) * random();
}

function hsv(h: number, s: number, v: number): [number, number, number] {
  const i = Math.floor(h * 6);
  const f = h * 6 - i;
  const p = v * (1 - s);
  const q = v * (1 - f * s);
  const t = v * (1 - (1 - f) * s);
  switch (((i % 6) + 6) % 6) {
    case 0: return [v, t, p];
    case 1: return [q, v, p];
    case 2: return [p, v, t];
    case 3: return [p, q, v];
    case 4: return [t, p, v];
    default: return [v, p, q];
  }
}
