/**
 * WebGL2 is not available in Node, so these tests drive the GPU path through
 * a recording stand-in for the context: they check the order of the passes,
 * the readback layout, and above all that nothing ever waits on the GPU.
 */
import { mat4 } from 'gl-matrix';
import { describe, expect, it } from 'vitest';
import { createBoundingSpheres } from './bounding-spheres.ts';
import { createHzbCuller } from './hzb-culler.ts';
import { createHzbGpu } from './hzb-gpu.ts';

interface Call {
  readonly name: string;
  readonly args: unknown[];
}

interface FakeOptions {
  readonly colorBufferFloat?: boolean;
  readonly readFormat?: 'RED' | 'RGBA';
  readonly compiles?: boolean;
  /** Fills the pack buffer's contents when read. */
  readonly fill?: (dst: Float32Array) => void;
}

function fakeGl2(options: FakeOptions = {}) {
  const calls: Call[] = [];
  const constants = new Map<string, number>();
  const constant = (name: string): number => {
    if (!constants.has(name)) constants.set(name, 0x1000 + constants.size);
    return constants.get(name)!;
  };
  const state = { sync: constant('TIMEOUT_EXPIRED') };
  const record = (name: string, result: unknown = {}) => (...args: unknown[]) => {
    calls.push({ name, args });
    return result;
  };
  const overrides: Record<string, unknown> = {
    getExtension: (name: string) => (name === 'EXT_color_buffer_float' && options.colorBufferFloat === false ? null : {}),
    getShaderParameter: () => options.compiles !== false,
    getShaderInfoLog: () => "ERROR: 0:1: 'texelFetch' : no matching overloaded function",
    getProgramParameter: () => true,
    checkFramebufferStatus: () => constant('FRAMEBUFFER_COMPLETE'),
    getParameter: (p: number) => {
      if (p === constant('IMPLEMENTATION_COLOR_READ_FORMAT')) return constant(options.readFormat ?? 'RED');
      if (p === constant('IMPLEMENTATION_COLOR_READ_TYPE')) return constant('FLOAT');
      return null;
    },
    clientWaitSync: (...args: unknown[]) => {
      calls.push({ name: 'clientWaitSync', args });
      return state.sync;
    },
    getBufferSubData: (...args: unknown[]) => {
      calls.push({ name: 'getBufferSubData', args });
      options.fill?.(args[2] as Float32Array);
    },
  };
  const gl = new Proxy(overrides, {
    get(target, key) {
      if (typeof key !== 'string') return undefined;
      if (key in target) return target[key];
      if (/^[A-Z0-9_]+$/.test(key)) return constant(key);
      return record(key);
    },
  }) as unknown as WebGL2RenderingContext;
  const named = (name: string) => calls.filter((c) => c.name === name);
  return { gl, calls, state, constant, named, signal: () => (state.sync = constant('ALREADY_SIGNALED')) };
}

const view = mat4.lookAt(mat4.create(), [0, 0, 0], [0, 1, 0], [0, 0, 1]);
const projection = mat4.perspective(mat4.create(), Math.PI / 3, 16 / 9, 0.1, 256);
const depthTexture = {} as WebGLTexture;

describe('createHzbGpu', () => {
  it('reduces level by level, then reads back the coarse levels into one pack buffer and fences', () => {
    const f = fakeGl2();
    const gpu = createHzbGpu(f.gl, { maxReadbackSize: 512 });
    expect(gpu.capture(depthTexture, 1920, 1080, view, projection)).toBe(true);
    // 960×540 down to 1×1: ten passes, the first reading the depth texture.
    const viewports = f.named('viewport').map((c) => c.args.slice(2));
    expect(viewports).toEqual([[960, 540], [480, 270], [240, 135], [120, 67], [60, 33], [30, 16], [15, 8], [7, 4], [3, 2], [1, 1]]);
    expect(f.named('drawArrays')).toHaveLength(10);
    expect(f.named('uniform2i').map((c) => c.args.slice(1))[0]).toEqual([1920, 1080]);
    expect(f.named('bindTexture').find((c) => c.args[1] === depthTexture)).toBeDefined();
    // From 480×270 (the first level no larger than 512) down, each at its offset in the buffer.
    const reads = f.named('readPixels').map((c) => c.args);
    expect(reads.map((a) => [a[2], a[3]])).toEqual(viewports.slice(1));
    expect(reads.every((a) => a[4] === f.constant('RED') && a[5] === f.constant('FLOAT'))).toBe(true);
    expect(reads[1]![6]).toBe(480 * 270 * 4);
    const order = f.calls.map((c) => c.name);
    // The pack buffer gets fresh storage right before the reads (Chrome's READ-usage shadow copies), sized for all of them.
    const storage = f.named('bufferData');
    expect(storage).toHaveLength(1);
    expect(storage[0]!.args.slice(0, 3)).toEqual([f.constant('PIXEL_PACK_BUFFER'), 4 * (480 * 270 + 240 * 135 + 120 * 67 + 60 * 33 + 30 * 16 + 15 * 8 + 7 * 4 + 3 * 2 + 1), f.constant('STREAM_READ')]);
    expect(order.indexOf('bufferData')).toBeLessThan(order.indexOf('readPixels'));
    expect(order.lastIndexOf('readPixels')).toBeLessThan(order.indexOf('fenceSync'));
    expect(order.indexOf('fenceSync')).toBeLessThan(order.lastIndexOf('flush'));
  });

  it('never waits: polls with a zero timeout and reads nothing until the fence has signalled', () => {
    const f = fakeGl2({ fill: (dst) => dst.fill(0.25) });
    const gpu = createHzbGpu(f.gl);
    const v = mat4.clone(view);
    gpu.capture(depthTexture, 640, 360, v, projection);
    mat4.identity(v); // the caller's matrix moves on; the readback keeps the captured one
    for (let frame = 0; frame < 3; frame++) {
      expect(gpu.poll()).toBeNull();
      expect(gpu.capture(depthTexture, 640, 360, v, projection)).toBe(false);
    }
    expect(f.named('getBufferSubData')).toHaveLength(0);
    f.signal();
    const r = gpu.poll()!;
    expect(r.frame).toBe(1);
    expect(Array.from(r.view)).toEqual(Array.from(view));
    expect(Array.from(r.projection)).toEqual(Array.from(projection));
    expect([r.pyramid.width, r.pyramid.height]).toEqual([320, 180]);
    expect(r.pyramid.data.every((d) => d === 0.25)).toBe(true);
    expect(f.named('clientWaitSync').every((c) => c.args[2] === 0)).toBe(true);
    expect(f.named('deleteSync')).toHaveLength(1);
    expect(gpu.poll()).toBeNull();
    expect(gpu.capture(depthTexture, 640, 360, v, projection)).toBe(true);
    expect(gpu.frames).toBe(5);
    // Every readback re-specifies the pack buffer's storage: two captures, two bufferData.
    expect(f.named('bufferData')).toHaveLength(2);
  });

  it('keeps the red channel when the implementation only reads RGBA', () => {
    const f = fakeGl2({ readFormat: 'RGBA', fill: (dst) => dst.forEach((_, i) => (dst[i] = i % 4 === 0 ? i / 4 : -1)) });
    const gpu = createHzbGpu(f.gl);
    gpu.capture(depthTexture, 64, 64, view, projection);
    expect(f.named('readPixels')[0]!.args[4]).toBe(f.constant('RGBA'));
    f.signal();
    const data = gpu.poll()!.pyramid.data;
    expect(Array.from(data.subarray(0, 4))).toEqual([0, 1, 2, 3]);
    expect(data.length).toBe(32 * 32 + 16 * 16 + 8 * 8 + 16 + 4 + 1);
  });

  it('drops a readback whose fence failed and starts afresh', () => {
    const f = fakeGl2();
    const gpu = createHzbGpu(f.gl);
    gpu.capture(depthTexture, 64, 64, view, projection);
    f.state.sync = f.constant('WAIT_FAILED');
    expect(gpu.poll()).toBeNull();
    expect(gpu.capture(depthTexture, 64, 64, view, projection)).toBe(true);
  });

  it('reallocates its levels only when the depth size changes', () => {
    const f = fakeGl2();
    const gpu = createHzbGpu(f.gl);
    gpu.capture(depthTexture, 64, 64, view, projection);
    f.signal();
    gpu.poll();
    const textures = f.named('texStorage2D').length;
    gpu.capture(depthTexture, 64, 64, view, projection);
    expect(f.named('texStorage2D')).toHaveLength(textures);
    gpu.poll();
    gpu.capture(depthTexture, 128, 64, view, projection);
    expect(f.named('texStorage2D').length).toBeGreaterThan(textures);
    expect(f.named('deleteTexture')).toHaveLength(textures);
  });
});

describe('createHzbCuller', () => {
  function spheresAhead() {
    const s = createBoundingSpheres(3);
    // Straight ahead at 3 m, 50 m and 100 m.
    s.y.set([3, 50, 100]);
    s.radius.set([0.5, 1, 1]);
    return s;
  }

  it('culls against the read-back pyramid, with the matrices of its frame', () => {
    // A wall 10 m ahead over the whole screen.
    const wall = 0.5 + 0.5 * (projection[14]! / 10 - projection[10]!);
    const f = fakeGl2({ fill: (dst) => dst.fill(wall) });
    const culler = createHzbCuller(f.gl, { maxAgeFrames: 2 });
    expect(culler.available).toBe(true);
    const s = spheresAhead();
    const ids = Uint32Array.of(0, 1, 2);
    culler.capture(depthTexture, 320, 180, view, projection);
    expect(culler.update()).toBe(false);
    expect(culler.cullList(s, ids, 3, new Uint32Array(3))).toBe(3);
    f.signal();
    expect(culler.update()).toBe(true);
    const out = new Uint32Array(3);
    expect(culler.cullList(s, ids, 3, out)).toBe(1);
    expect(out[0]).toBe(0);
    // Two more frames with no new pyramid: too old to trust.
    f.state.sync = f.constant('TIMEOUT_EXPIRED');
    culler.capture(depthTexture, 320, 180, view, projection);
    culler.update();
    culler.capture(depthTexture, 320, 180, view, projection);
    expect(culler.cullList(s, ids, 3, out)).toBe(1);
    culler.capture(depthTexture, 320, 180, view, projection);
    expect(culler.cullList(s, ids, 3, out)).toBe(3);
  });

  it('reports why it is unavailable and then lets everything through', () => {
    const webgl1 = { getExtension: () => ({}) } as unknown as WebGLRenderingContext;
    const cases = [
      [createHzbCuller(null), /WebGL2/],
      [createHzbCuller(webgl1), /WebGL2/],
      [createHzbCuller(fakeGl2({ colorBufferFloat: false }).gl), /EXT_color_buffer_float/],
      [createHzbCuller(fakeGl2().gl, { enabled: false }), /hzbOcclusion/],
      [createHzbCuller(fakeGl2({ compiles: false }).gl), /did not compile.*texelFetch/],
    ] as const;
    const s = spheresAhead();
    for (const [culler, reason] of cases) {
      expect(culler.available).toBe(false);
      expect(culler.reason).toMatch(reason);
      culler.capture(depthTexture, 320, 180, view, projection);
      expect(culler.update()).toBe(false);
      const out = new Uint32Array(3);
      expect(culler.cullList(s, Uint32Array.of(2, 0, 1), 3, out)).toBe(3);
      expect(Array.from(out)).toEqual([2, 0, 1]);
      expect(() => culler.cullList(s, Uint32Array.of(7), 1, out)).toThrow(/index 7/);
    }
  });

  it('drops the pyramid of a lost context, calls no GL until restored, then waits for the new context\'s first pyramid', () => {
    const wall = 0.5 + 0.5 * (projection[14]! / 10 - projection[10]!);
    const old = fakeGl2({ fill: (dst) => dst.fill(wall) });
    const culler = createHzbCuller(old.gl);
    const s = spheresAhead();
    const ids = Uint32Array.of(0, 1, 2);
    const out = new Uint32Array(3);
    culler.capture(depthTexture, 320, 180, view, projection);
    old.signal();
    expect(culler.update()).toBe(true);
    expect(culler.cullList(s, ids, 3, out)).toBe(1);

    culler.contextLost();
    const callsAtLoss = old.calls.length;
    expect(culler.available).toBe(false);
    expect(culler.reason).toMatch(/context is lost/);
    expect(culler.latest).toBeNull();
    culler.capture(depthTexture, 320, 180, view, projection);
    expect(culler.update()).toBe(false);
    // Frustum-only: everything the frustum kept stays.
    expect(culler.cullList(s, ids, 3, out)).toBe(3);
    expect(old.calls.length).toBe(callsAtLoss);

    const restored = fakeGl2({ fill: (dst) => dst.fill(wall) });
    expect(culler.contextRestored(restored.gl)).toBe(true);
    expect(culler.available).toBe(true);
    expect(culler.reason).toBe('');
    expect(restored.named('linkProgram')).toHaveLength(1);
    expect(culler.cullList(s, ids, 3, out)).toBe(3);
    culler.capture(depthTexture, 320, 180, view, projection);
    restored.signal();
    expect(culler.update()).toBe(true);
    expect(culler.cullList(s, ids, 3, out)).toBe(1);
    // Nothing went to the dead context after the loss.
    expect(old.calls.length).toBe(callsAtLoss);
  });

  it('says why a restored context cannot build pyramids', () => {
    const culler = createHzbCuller(fakeGl2().gl);
    culler.contextLost();
    expect(culler.contextRestored(fakeGl2({ colorBufferFloat: false }).gl)).toBe(false);
    expect(culler.reason).toMatch(/EXT_color_buffer_float/);
    expect(culler.contextRestored(null)).toBe(false);
    expect(culler.reason).toMatch(/WebGL2/);
    const off = createHzbCuller(fakeGl2().gl, { enabled: false });
    expect(off.contextRestored(fakeGl2().gl)).toBe(false);
    expect(off.reason).toMatch(/hzbOcclusion/);
  });

  it('refuses nonsense options', () => {
    expect(() => createHzbCuller(null, { maxAgeFrames: 0 })).toThrow(/maxAgeFrames/);
    expect(() => createHzbGpu(fakeGl2().gl, { maxReadbackSize: 0 })).toThrow(/maxReadbackSize/);
    expect(() => createHzbGpu(fakeGl2().gl).capture(depthTexture, 0, 4, view, projection)).toThrow(/0×4/);
  });
});
