import { describe, expect, it } from 'vitest';
import {
  flexibleRenderResolution, FlexibleFrame, FlexiblePath, FlexibleState, stepFlexible, type FlexibleParams,
} from './flexible-path.ts';
import { generatePrimVolume } from './generate-prim-volume.ts';
import { FACE_PATH_END } from './volume-profile.ts';
import { normalLengthError, shapeOf, windingMismatches } from './volume-geometry.test-support.ts';

const FLEXIBLE_BOX = shapeOf({ pathCurve: 0x80 });

/** The viewer's defaults (softness 2, tension 1, drag 2, gravity 0.3, no wind or force) with `changes`. */
function paramsOf(changes: Partial<FlexibleParams> = {}): FlexibleParams {
  return { softness: 2, tension: 1, drag: 2, gravity: 0.3, wind: 0, forceX: 0, forceY: 0, forceZ: 0, ...changes };
}

/** A 0.1 x 0.1 x 1 m prim at (10, 10, 20), lying along world +x (its z turned a quarter about y) unless `upright`. */
function frameOf(upright = false): FlexibleFrame {
  const frame = new FlexibleFrame();
  frame.position.set([10, 10, 20]);
  frame.scale.set([0.1, 0.1, 1]);
  if (!upright) frame.rotation.set([0, Math.SQRT1_2, 0, Math.SQRT1_2]);
  return frame;
}

/** Steps a fresh state for `seconds` at 60 frames a second. */
function simulate(params: FlexibleParams, seconds = 3, frame = frameOf(), shape = FLEXIBLE_BOX): FlexibleState {
  const state = new FlexibleState();
  for (let i = 0; i < Math.round(seconds * 60); i++) stepFlexible(state, params, shape, frame, 1 / 60);
  return state;
}

/** Path point `i` back in world space: position + R (scale * unit). */
function worldPoint(path: FlexiblePath, i: number, frame: FlexibleFrame): [number, number, number] {
  const [x, y, z, w] = frame.rotation as unknown as [number, number, number, number];
  const px = path.position[3 * i]! * frame.scale[0]!;
  const py = path.position[3 * i + 1]! * frame.scale[1]!;
  const pz = path.position[3 * i + 2]! * frame.scale[2]!;
  const tx = 2 * (y * pz - z * py);
  const ty = 2 * (z * px - x * pz);
  const tz = 2 * (x * py - y * px);
  return [
    frame.position[0]! + px + w * tx + (y * tz - z * ty),
    frame.position[1]! + py + w * ty + (z * tx - x * tz),
    frame.position[2]! + pz + w * tz + (x * ty - y * tx),
  ];
}

function tipDrop(state: FlexibleState, frame = frameOf()): number {
  const path = state.path;
  return worldPoint(path, 0, frame)[2] - worldPoint(path, path.count - 1, frame)[2];
}

/** The largest distance of a path point from the line through its first and last points (unit space). */
function straightness(path: FlexiblePath): number {
  const p = path.position;
  const last = 3 * (path.count - 1);
  const dx = p[last]! - p[0]!; const dy = p[last + 1]! - p[1]!; const dz = p[last + 2]! - p[2]!;
  const length = Math.hypot(dx, dy, dz);
  let worst = 0;
  for (let i = 1; i < path.count - 1; i++) {
    const ax = p[3 * i]! - p[0]!; const ay = p[3 * i + 1]! - p[1]!; const az = p[3 * i + 2]! - p[2]!;
    worst = Math.max(worst, Math.hypot(ay * dz - az * dy, az * dx - ax * dz, ax * dy - ay * dx) / length);
  }
  return worst;
}

describe('stepFlexible', () => {
  it('at rest (no gravity, wind or force) is the straight path from -0.5 to 0.5 with 0..1 texture t', () => {
    const path = simulate(paramsOf({ gravity: 0 })).path;
    expect(path.count).toBe(9);
    for (let i = 0; i < path.count; i++) {
      expect(path.position[3 * i]).toBeCloseTo(0, 9);
      expect(path.position[3 * i + 1]).toBeCloseTo(0, 9);
      expect(path.position[3 * i + 2]).toBeCloseTo(i / 8 - 0.5, 9);
      expect(Array.from(path.rotation.subarray(4 * i, 4 * i + 4)).map((v) => Math.abs(v))).toEqual([0, 0, 0, 1].map((v) => expect.closeTo(v, 9)));
      expect(path.texT[i]).toBe(i / 8);
      expect(Array.from(path.scale.subarray(2 * i, 2 * i + 2))).toEqual([1, 1]);
    }
  });

  it('sags under gravity: the tip of a level prim ends lower than its base, more with more gravity', () => {
    const drops = [0.1, 0.3, 1, 5].map((gravity) => tipDrop(simulate(paramsOf({ gravity }))));
    expect(drops[0]).toBeGreaterThan(0.05);
    for (let i = 1; i < drops.length; i++) expect(drops[i]).toBeGreaterThan(drops[i - 1]!);
    expect(drops[1]! - drops[0]!).toBeGreaterThan(0.1);
    // The bend per section is held to atan(2 * 0.25 m), so even strong gravity leaves it short of hanging straight down.
    expect(drops[3]).toBeLessThan(0.9);
    // It bends rather than tilting: the path is curved.
    expect(straightness(simulate(paramsOf({ gravity: 5 })).path)).toBeGreaterThan(0.05);
    // Negative gravity lifts it.
    expect(tipDrop(simulate(paramsOf({ gravity: -2 })))).toBeLessThan(-0.05);
  });

  it('sags less with more tension', () => {
    const slack = tipDrop(simulate(paramsOf({ gravity: 3, tension: 0.5 })));
    const taut = tipDrop(simulate(paramsOf({ gravity: 3, tension: 8 })));
    expect(taut).toBeLessThan(slack - 0.05);
  });

  it('bends downwind and along the user force', () => {
    const frame = frameOf(true);
    frame.wind.set([0, 8, 0]);
    const state = simulate(paramsOf({ gravity: 0, wind: 5 }), 3, frame);
    expect(worldPoint(state.path, 8, frame)[1]).toBeGreaterThan(10.1);
    const pushed = simulate(paramsOf({ gravity: 0, forceX: -4 }), 3, frameOf(true));
    expect(worldPoint(pushed.path, 8, frameOf(true))[0]).toBeLessThan(9.9);
  });

  it('with softness 0 is one rigid section: the path stays straight', () => {
    const state = simulate(paramsOf({ softness: 0, gravity: 5 }));
    expect(state.simulateResolution).toBe(0);
    expect(state.path.count).toBe(9);
    expect(straightness(state.path)).toBeLessThan(1e-9);
    // Each point still a section length apart: nothing stretches.
    const p = state.path.position;
    const end = worldPoint(state.path, 8, frameOf());
    const start = worldPoint(state.path, 0, frameOf());
    expect(Math.hypot(end[0] - start[0], end[1] - start[1], end[2] - start[2])).toBeCloseTo(1, 6);
    expect(Number.isFinite(p[0]!)).toBe(true);
  });

  it('keeps every section its length', () => {
    const frame = frameOf();
    const path = simulate(paramsOf({ gravity: 8, softness: 3 }), 2, frame).path;
    for (let i = 1; i < path.count; i++) {
      const a = worldPoint(path, i - 1, frame);
      const b = worldPoint(path, i, frame);
      expect(Math.hypot(b[0] - a[0], b[1] - a[1], b[2] - a[2])).toBeCloseTo(1 / 8, 6);
    }
  });

  it('changes nothing in a step of no time', () => {
    const frame = frameOf();
    const state = simulate(paramsOf({ gravity: 2 }), 0.5, frame);
    const sections = Float64Array.from(state.sections);
    const positions = Float64Array.from(state.path.position);
    const rotations = Float64Array.from(state.path.rotation);
    for (const dt of [0, -1, Number.NaN]) {
      stepFlexible(state, paramsOf({ gravity: 2 }), FLEXIBLE_BOX, frame, dt);
      expect(state.sections).toEqual(sections);
      expect(state.path.position).toEqual(positions);
      expect(state.path.rotation).toEqual(rotations);
    }
  });

  it('draws the sections the render resolution asks for, resampled from fewer simulated ones', () => {
    const state = new FlexibleState();
    const frame = frameOf();
    frame.renderResolution = 1;
    stepFlexible(state, paramsOf({ softness: 2 }), FLEXIBLE_BOX, frame, 1 / 60);
    // Drawing 2 sections, the viewer simulates no more than 2.
    expect([state.path.count, state.simulateResolution]).toEqual([3, 1]);
    frame.renderResolution = 3;
    stepFlexible(state, paramsOf({ softness: 2 }), FLEXIBLE_BOX, frame, 1 / 60);
    expect([state.path.count, state.simulateResolution]).toEqual([9, 2]);
    // The render resolution never drops below softness - 1.
    frame.renderResolution = 0;
    stepFlexible(state, paramsOf({ softness: 3 }), FLEXIBLE_BOX, frame, 1 / 60);
    expect([state.path.count, state.simulateResolution]).toEqual([5, 2]);
  });

  it('twists the sections and tapers their scale as the shape does', () => {
    const shape = shapeOf({ pathCurve: 0x80, pathTwist: 0.5, pathScaleX: 0.5 });
    const path = simulate(paramsOf({ gravity: 0 }), 0.2, frameOf(), shape).path;
    const last = 4 * (path.count - 1);
    // Half a twist is a quarter turn about z at the top.
    expect(Math.abs(path.rotation[last + 2]!)).toBeCloseTo(Math.SQRT1_2, 6);
    expect(Math.abs(path.rotation[last + 3]!)).toBeCloseTo(Math.SQRT1_2, 6);
    expect(path.scale[2 * (path.count - 1)]).toBeCloseTo(0.5, 9);
    expect(path.scale[0]).toBe(1);
  });

  it('stays finite for degenerate input', () => {
    const bad = paramsOf({
      softness: Number.NaN, tension: Number.POSITIVE_INFINITY, drag: -5, gravity: Number.NaN, wind: 1e30, forceX: Number.NaN, forceY: 1e300,
    });
    const frame = new FlexibleFrame();
    frame.position.set([Number.NaN, 1, 2]);
    frame.rotation.set([0, 0, 0, 0]);
    frame.scale.set([0, Number.NaN, 0]);
    frame.wind.set([Number.POSITIVE_INFINITY, 0, 0]);
    frame.renderResolution = Number.NaN;
    const state = new FlexibleState();
    for (const dt of [1 / 60, 5, Number.POSITIVE_INFINITY, 1e-9, 1 / 60]) stepFlexible(state, bad, shapeOf({ pathScaleX: Number.NaN }), frame, dt);
    const path = state.path;
    expect(path.count).toBeGreaterThanOrEqual(2);
    for (const array of [path.position, path.rotation, path.scale, path.texT, state.sections]) {
      expect(Array.from(array).every(Number.isFinite)).toBe(true);
    }
  });

  it('picks the render resolution from the prim length over the camera distance, and skips a frame below 0', () => {
    expect(flexibleRenderResolution(1, 100, 0)).toBe(0);
    expect(flexibleRenderResolution(1, 100, 2)).toBe(1);
    expect(flexibleRenderResolution(1, 6, 0)).toBe(2);
    expect(flexibleRenderResolution(2, 3, 1)).toBe(3);
    expect(flexibleRenderResolution(1, 0, 1)).toBe(3);
    const state = new FlexibleState();
    const frame = frameOf();
    frame.renderResolution = -1;
    stepFlexible(state, paramsOf({ softness: 0, gravity: 5 }), FLEXIBLE_BOX, frame, 1 / 60);
    const first = Float64Array.from(state.path.position);
    stepFlexible(state, paramsOf({ softness: 0, gravity: 5 }), FLEXIBLE_BOX, frame, 1 / 60);
    expect(state.path.position).toEqual(first);
  });
});

describe('generatePrimVolume along a bent path', () => {
  it('sweeps the profile along the sections, keeping the cross-section its size in metres', () => {
    const frame = frameOf();
    const path = simulate(paramsOf({ gravity: 5 }), 3, frame).path;
    const straight = generatePrimVolume(FLEXIBLE_BOX, 2);
    const bent = generatePrimVolume(FLEXIBLE_BOX, 2, undefined, path);
    expect(bent.faces.length).toBe(straight.faces.length);
    // The tip hangs along the prim's +x (world down) far beyond the straight box.
    expect(bent.bounds.max[0]).toBeGreaterThan(1);
    expect(windingMismatches(bent)).toBe(0);
    expect(normalLengthError(bent)).toBeLessThan(1e-5);
    // The end cap is still 0.1 m square: its corners' largest distance (in metres) is the diagonal.
    const cap = bent.faces.find((face) => face.id === FACE_PATH_END)!;
    let diagonal = 0;
    for (let a = cap.firstVertex; a < cap.firstVertex + cap.vertexCount; a++) {
      for (let b = a + 1; b < cap.firstVertex + cap.vertexCount; b++) {
        const d = [0, 1, 2].map((k) => (bent.positions[3 * a + k]! - bent.positions[3 * b + k]!) * frame.scale[k]!);
        diagonal = Math.max(diagonal, Math.hypot(d[0]!, d[1]!, d[2]!));
      }
    }
    expect(diagonal).toBeCloseTo(0.1 * Math.SQRT2, 5);
  });
});
