import { mat4, vec4 } from 'gl-matrix';
import { describe, expect, it } from 'vitest';
import { FEEDBACK_DIVISOR } from '../textures/vt-feedback.ts';
import { FEEDBACK_JITTER, feedbackSide, jitterProjection } from './vt-feedback-gpu.ts';

describe('virtual texture feedback target', () => {
  it('is the scene divided by FEEDBACK_DIVISOR, rounded up', () => {
    expect(FEEDBACK_DIVISOR).toBe(8);
    expect([feedbackSide(1920), feedbackSide(1080), feedbackSide(321), feedbackSide(1)]).toEqual([240, 135, 41, 1]);
  });

  it('shifts the projection by a sub-pixel offset of the target, through 16 distinct positions', () => {
    const projection = mat4.perspective(mat4.create(), Math.PI / 3, 4 / 3, 0.5, 1000) as Float32Array;
    const jittered = new Float32Array(16);
    jitterProjection(jittered, projection, 0.375, -0.125, 40, 30);
    const point = vec4.fromValues(3, -2, -20, 1);
    const a = vec4.transformMat4(vec4.create(), point, projection);
    const b = vec4.transformMat4(vec4.create(), point, jittered);
    // In pixels of the 40 × 30 target: 0.375 right, 0.125 down; depth untouched.
    expect(((b[0] / b[3] - a[0] / a[3]) * 40) / 2).toBeCloseTo(0.375, 5);
    expect(((b[1] / b[3] - a[1] / a[3]) * 30) / 2).toBeCloseTo(-0.125, 5);
    expect(b[2] / b[3]).toBeCloseTo(a[2] / a[3], 6);
    const positions = new Set<string>();
    for (let k = 0; k < FEEDBACK_JITTER.length; k += 2) positions.add(`${FEEDBACK_JITTER[k]},${FEEDBACK_JITTER[k + 1]}`);
    expect(positions.size).toBe(16);
    expect([...FEEDBACK_JITTER].every((v) => Math.abs(v) < 8)).toBe(true);
  });
});
