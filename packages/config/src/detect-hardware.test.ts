import { describe, expect, it } from 'vitest';
import { detectHardwareBrowser, type GlInfoSource } from './detect-hardware-browser.ts';
import { detectHardwareNode } from './detect-hardware-node.ts';

function fakeGl(params: Record<number, unknown>, extensions: Record<string, unknown>): GlInfoSource {
  return {
    getParameter: (p) => params[p] ?? null,
    getExtension: (name) => extensions[name] ?? null,
  };
}

describe('detectHardwareBrowser', () => {
  it('reads the unmasked renderer, texture size and navigator facts', () => {
    const gl = fakeGl(
      { 0x9246: 'NVIDIA GeForce RTX 4080', 0x9245: 'NVIDIA Corporation', 0x1f01: 'WebKit WebGL', 0x1f00: 'WebKit', 0x0d33: 16384 },
      { WEBGL_debug_renderer_info: {} },
    );
    expect(detectHardwareBrowser(gl, { deviceMemory: 8, hardwareConcurrency: 24, platform: 'Win32' })).toEqual({
      source: 'webgl',
      gpuRenderer: 'NVIDIA GeForce RTX 4080',
      gpuVendor: 'NVIDIA Corporation',
      maxTextureSize: 16384,
      memoryMB: 8192,
      cpuCores: 24,
      platform: 'Win32',
    });
  });

  it('falls back to RENDERER/VENDOR when the debug extension is missing', () => {
    const gl = fakeGl({ 0x1f01: 'Intel(R) UHD Graphics 630', 0x1f00: 'Intel', 0x0d33: 16384 }, {});
    expect(detectHardwareBrowser(gl, {})).toMatchObject({ gpuRenderer: 'Intel(R) UHD Graphics 630', gpuVendor: 'Intel' });
  });

  it('survives a context whose every call throws, and junk navigator values', () => {
    const broken: GlInfoSource = {
      getParameter: () => {
        throw new Error('context lost');
      },
      getExtension: () => {
        throw new Error('context lost');
      },
    };
    expect(detectHardwareBrowser(broken, { deviceMemory: Number.NaN, hardwareConcurrency: -1 })).toEqual({ source: 'webgl' });
  });

  it('reports what it has without a GL context', () => {
    expect(detectHardwareBrowser(null, { hardwareConcurrency: 4 })).toEqual({ source: 'browser', cpuCores: 4 });
  });
});

describe('detectHardwareNode', () => {
  it('reports cores and memory from the os module', () => {
    const hw = detectHardwareNode();
    expect(hw.source).toBe('node');
    expect(hw.cpuCores).toBeGreaterThan(0);
    expect(hw.memoryMB).toBeGreaterThan(0);
    expect(typeof hw.platform).toBe('string');
  });
});
