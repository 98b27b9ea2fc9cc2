import { createCamera } from '@slv/core';
import { createAgentCamera } from '@slv/net';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_DISTANCE, DEFAULT_PITCH, GROUND_CLEARANCE, MAX_PITCH, maxCameraDistance, resetCameraView, type CameraBounds, cameraForward, createCameraInput, createCameraRig, lookAtPoint, projectToCanvas, stepCamera, writeAgentCamera, writeCameraMatrices,
} from './camera-rig.ts';

const close = (a: ArrayLike<number>, b: readonly number[], digits = 4): void => {
  expect(Array.from(a).length).toBe(b.length);
  b.forEach((v, i) => expect(a[i]).toBeCloseTo(v, digits));
};

describe('camera rig', () => {
  it('orbit mode follows the agent and keeps its distance', () => {
    const rig = createCameraRig();
    rig.mode = 'orbit';
    rig.yaw = 0;
    rig.pitch = 0;
    rig.distance = 10;
    stepCamera(rig, createCameraInput(), 1 / 60, [100, 50, 20]);
    close(rig.target, [100, 50, 21.6]);
    close(rig.eye, [90, 50, 21.6]);
  });

  it('follow mode sits behind the avatar and swings round as it turns', () => {
    const rig = createCameraRig();
    expect(rig.mode).toBe('follow');
    rig.yaw = 0;
    rig.pitch = 0;
    rig.distance = 5;
    stepCamera(rig, createCameraInput(), 1 / 60, [100, 50, 20], 0);
    close(rig.eye, [95, 50, 21.6]);
    // The avatar turns north: a quarter of a second later the camera is most of the way round, behind it.
    for (let i = 0; i < 15; i++) stepCamera(rig, createCameraInput(), 1 / 60, [100, 50, 20], Math.PI / 2);
    expect(rig.yaw).toBeGreaterThan(Math.PI / 4);
    for (let i = 0; i < 120; i++) stepCamera(rig, createCameraInput(), 1 / 60, [100, 50, 20], Math.PI / 2);
    expect(rig.yaw).toBeCloseTo(Math.PI / 2, 3);
    close(rig.eye, [100, 45, 21.6], 2);
    // Turning the short way round across ±π.
    rig.yaw = 3;
    stepCamera(rig, createCameraInput(), 0.05, [100, 50, 20], -3);
    expect(Math.abs(rig.yaw)).toBeGreaterThan(3);
  });

  it('a sideways drag in follow mode orbits instead', () => {
    const rig = createCameraRig();
    const input = createCameraInput();
    input.lookDx = 40;
    stepCamera(rig, input, 1 / 60, [100, 50, 20], 0);
    expect(rig.mode).toBe('orbit');
  });

  it('mouse drag turns and tilts, clamped short of straight up', () => {
    const rig = createCameraRig();
    rig.yaw = 0;
    rig.pitch = 0;
    const input = createCameraInput();
    input.lookDx = -100; // dragging left turns left (counter-clockwise)
    input.lookDy = -100000;
    stepCamera(rig, input, 0.016);
    expect(rig.yaw).toBeCloseTo(0.5, 6);
    expect(rig.pitch).toBeCloseTo(MAX_PITCH, 6);
    expect(input.lookDx).toBe(0);
    expect(input.lookDy).toBe(0);
  });

  it('wheel zooms the orbit within its bounds', () => {
    const rig = createCameraRig();
    rig.distance = 10;
    const input = createCameraInput();
    input.zoom = 1e6;
    stepCamera(rig, input, 0.016);
    expect(rig.distance).toBe(1000);
    input.zoom = -1e6;
    stepCamera(rig, input, 0.016);
    expect(rig.distance).toBe(1);
  });

  it('fly mode moves along the view and strafes right', () => {
    const rig = createCameraRig();
    rig.mode = 'fly';
    rig.eye.set([0, 0, 0]);
    rig.yaw = Math.PI / 2; // north
    rig.pitch = 0;
    rig.flySpeed = 10;
    const input = createCameraInput();
    input.forward = 1;
    stepCamera(rig, input, 0.1);
    close(rig.eye, [0, 1, 0]);
    input.forward = 0;
    input.right = 1;
    stepCamera(rig, input, 0.1);
    close(rig.eye, [1, 1, 0]); // facing north, right is east
    input.right = 0;
    input.up = 1;
    input.fast = true;
    stepCamera(rig, input, 0.1);
    close(rig.eye, [1, 1, 4]);
  });

  it('ignores absurd frame gaps', () => {
    const rig = createCameraRig();
    rig.mode = 'fly';
    rig.eye.set([0, 0, 0]);
    const input = createCameraInput();
    input.forward = 1;
    stepCamera(rig, input, Number.NaN);
    close(rig.eye, [0, 0, 0]);
    stepCamera(rig, input, 100); // a tab in the background for minutes: one capped step
    expect(Math.hypot(...rig.eye)).toBeCloseTo(rig.flySpeed * 0.25, 4);
  });

  it('lookAt points the eye at the target and switches to fly', () => {
    const rig = createCameraRig();
    lookAtPoint(rig, [0, 0, 0], [10, 10, 0]);
    expect(rig.mode).toBe('fly');
    expect(rig.followAgent).toBe(false);
    expect(rig.yaw).toBeCloseTo(Math.PI / 4, 6);
    expect(rig.pitch).toBeCloseTo(0, 6);
    expect(rig.distance).toBeCloseTo(Math.SQRT2 * 10, 4);
    const f = new Float32Array(3);
    close(cameraForward(f, rig), [Math.SQRT1_2, Math.SQRT1_2, 0]);
    expect(() => lookAtPoint(rig, [1, 1, 1], [1, 1, 1])).toThrow(/distinct/);
    expect(() => lookAtPoint(rig, [Number.NaN, 1, 1], [1, 1, 1])).toThrow(/finite/);
  });

  it('projects the looked-at point to the canvas centre, and points left of it to the left', () => {
    const rig = createCameraRig();
    const camera = createCamera();
    lookAtPoint(rig, [128, 120, 30], [128, 140, 23]);
    writeCameraMatrices(camera, rig, 800 / 600, 128);
    close(camera.position, [128, 120, 30]);
    const out = new Float32Array(3);
    expect(projectToCanvas(out, camera, [128, 140, 23], 800, 600)).toBe(true);
    expect(out[0]).toBeCloseTo(400, 2);
    expect(out[1]).toBeCloseTo(300, 2);
    expect(out[2]).toBeGreaterThan(-1);
    expect(out[2]).toBeLessThan(1);
    // Looking north, west (-X) is on the left of the screen and higher up is higher on it.
    projectToCanvas(out, camera, [126, 140, 23], 800, 600);
    expect(out[0]).toBeLessThan(400);
    projectToCanvas(out, camera, [128, 140, 25], 800, 600);
    expect(out[1]).toBeLessThan(300);
    // Behind the eye.
    expect(projectToCanvas(out, camera, [128, 100, 30], 800, 600)).toBe(false);
  });

  it('puts the draw distance on the far plane', () => {
    const rig = createCameraRig();
    const camera = createCamera();
    lookAtPoint(rig, [0, 0, 0], [1, 0, 0]);
    writeCameraMatrices(camera, rig, 1, 64);
    const out = new Float32Array(3);
    projectToCanvas(out, camera, [63.9, 0, 0], 100, 100);
    expect(out[2]).toBeLessThan(1);
    projectToCanvas(out, camera, [64.1, 0, 0], 100, 100);
    expect(out[2]).toBeGreaterThan(1);
  });

  it('writes an orthonormal AgentUpdate frame with left = Z × at', () => {
    const rig = createCameraRig();
    const agent = createAgentCamera();
    lookAtPoint(rig, [10, 20, 30], [10, 30, 25]);
    writeAgentCamera(agent, rig, 96);
    close(agent.center, [10, 20, 30]);
    expect(agent.far).toBe(96);
    const { atAxis: a, leftAxis: l, upAxis: u } = agent;
    const dot = (x: Float32Array, y: Float32Array): number => x[0]! * y[0]! + x[1]! * y[1]! + x[2]! * y[2]!;
    expect(dot(a, a)).toBeCloseTo(1, 5);
    expect(dot(l, l)).toBeCloseTo(1, 5);
    expect(dot(u, u)).toBeCloseTo(1, 5);
    expect(dot(a, l)).toBeCloseTo(0, 5);
    expect(dot(a, u)).toBeCloseTo(0, 5);
    expect(dot(l, u)).toBeCloseTo(0, 5);
    close(l, [-1, 0, 0]); // looking north, left is west
    expect(u[2]).toBeGreaterThan(0.8);
  });

  describe('bounds: never inside the terrain, zoom within the draw distance', () => {
    // A hill rising 1 m per metre east of x = 100, flat at 20 m west of it.
    const hill = (x: number): number => 20 + Math.max(0, x - 100);
    const bounds = (drawDistance = 128): CameraBounds => ({ drawDistance, groundHeight: (x) => hill(x) });

    it('flying low, the eye stays the clearance above the ground', () => {
      const rig = createCameraRig();
      lookAtPoint(rig, [90, 50, 20.1], [80, 50, 20.1]);
      const input = createCameraInput();
      input.up = -1;
      for (let i = 0; i < 60; i++) stepCamera(rig, input, 1 / 30, null, Number.NaN, bounds());
      expect(rig.eye[2]).toBeCloseTo(20 + GROUND_CLEARANCE, 5);
      // Flying into the hill climbs it.
      lookAtPoint(rig, [95, 50, 21], [120, 50, 21]);
      input.up = 0;
      input.forward = 1;
      for (let i = 0; i < 60; i++) {
        stepCamera(rig, input, 1 / 30, null, Number.NaN, bounds());
        expect(rig.eye[2]).toBeGreaterThanOrEqual(hill(rig.eye[0]!) + GROUND_CLEARANCE - 1e-4);
      }
      expect(rig.eye[0]).toBeGreaterThan(105);
    });

    it('follow pulls the eye in along the arm, still looking at the avatar, when the ground is behind it', () => {
      const rig = createCameraRig();
      rig.distance = 20;
      rig.pitch = 0;
      // The avatar faces west with the hill behind it: the arm from its head goes east into the hill.
      stepCamera(rig, createCameraInput(), 1, [98, 50, 21], Math.PI, bounds());
      for (let i = 0; i < 120; i++) stepCamera(rig, createCameraInput(), 1 / 30, [98, 50, 21], Math.PI, bounds());
      expect(rig.eye[2]).toBeGreaterThanOrEqual(hill(rig.eye[0]!) + GROUND_CLEARANCE - 1e-4);
      // Still on the line through the target (22.6 m high) along the view: pitch 0 keeps the eye at the target's height.
      expect(rig.eye[2]).toBeCloseTo(22.6, 4);
      expect(rig.eye[0]).toBeGreaterThan(100);
      expect(rig.eye[0]).toBeLessThan(102.2);
      // The zoom is kept: backing away from the hill lets the camera out again.
      expect(rig.distance).toBe(20);
      stepCamera(rig, createCameraInput(), 1 / 30, [60, 50, 21], Math.PI, bounds());
      expect(rig.eye[0]).toBeCloseTo(80, 3);
    });

    it('looking up from under the avatar lifts the eye over the ground', () => {
      const rig = createCameraRig();
      rig.mode = 'orbit';
      rig.pitch = 1.2;
      rig.distance = 10;
      stepCamera(rig, createCameraInput(), 1 / 30, [50, 50, 21], Number.NaN, bounds());
      expect(rig.eye[2]).toBeGreaterThanOrEqual(20 + GROUND_CLEARANCE - 1e-4);
    });

    it('zooming out stops at half the draw distance, and a shorter draw distance pulls the camera in', () => {
      const rig = createCameraRig();
      const input = createCameraInput();
      input.zoom = 100_000;
      stepCamera(rig, input, 1 / 30, [50, 50, 21], 0, bounds(128));
      expect(rig.distance).toBe(64);
      expect(maxCameraDistance(128)).toBe(64);
      stepCamera(rig, createCameraInput(), 1 / 30, [50, 50, 21], 0, bounds(64));
      expect(rig.distance).toBe(32);
      expect(maxCameraDistance(Number.NaN)).toBeGreaterThan(100);
    });

    it('without terrain the eye goes where it is put', () => {
      const rig = createCameraRig();
      lookAtPoint(rig, [90, 50, -5], [80, 50, -5]);
      stepCamera(rig, createCameraInput(), 1 / 30, null, Number.NaN, { drawDistance: 128, groundHeight: () => Number.NaN });
      expect(rig.eye[2]).toBe(-5);
    });

    it('reset (Esc) follows the avatar again at the starting distance and tilt', () => {
      const rig = createCameraRig();
      rig.mode = 'fly';
      rig.followAgent = false;
      rig.distance = 50;
      rig.pitch = 1;
      resetCameraView(rig);
      expect([rig.mode, rig.followAgent, rig.distance, rig.pitch]).toEqual(['follow', true, DEFAULT_DISTANCE, DEFAULT_PITCH]);
    });
  });
});
