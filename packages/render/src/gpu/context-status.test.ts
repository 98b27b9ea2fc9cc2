import { describe, expect, it } from 'vitest';
import {
  checkGpuContextTimeout, createGpuContextStatus, describeGpuContext, markGpuContextFailed, markGpuContextLost, markGpuContextRestored,
  restoredCapsProblem,
} from './context-status.ts';
import type { RenderCaps } from './render-caps.ts';

describe('GPU context status', () => {
  it('goes ready → lost → ready, counting, and says nothing while drawing', () => {
    const s = createGpuContextStatus();
    expect(s.state).toBe('ready');
    expect(describeGpuContext(s, 0)).toBe('');
    expect(markGpuContextLost(s)).toBe(true);
    // A second event (or a loss seen by isContextLost before its event) changes nothing.
    expect(markGpuContextLost(s)).toBe(false);
    expect(s).toMatchObject({ state: 'lost', losses: 1, restores: 0 });
    markGpuContextRestored(s);
    expect(s).toMatchObject({ state: 'ready', losses: 1, restores: 1, error: '' });
    expect(Number.isNaN(s.lostAtMs)).toBe(true);
    expect(describeGpuContext(s, 5000)).toBe('');
  });

  it('dates the loss on the first frame after it and fails it after the timeout', () => {
    const s = createGpuContextStatus();
    markGpuContextLost(s);
    expect(describeGpuContext(s, 100)).toBe('GPU context lost — waiting for restore (0 s)');
    expect(checkGpuContextTimeout(s, 1000, 5000)).toBe(false);
    expect(s.lostAtMs).toBe(1000);
    expect(checkGpuContextTimeout(s, 3500, 5000)).toBe(false);
    expect(describeGpuContext(s, 3500)).toBe('GPU context lost — waiting for restore (2 s)');
    expect(checkGpuContextTimeout(s, 6000, 5000)).toBe(true);
    expect(s.state).toBe('failed');
    expect(s.error).toMatch(/did not restore the GPU context within 5 s/);
    expect(describeGpuContext(s, 6000)).toMatch(/^GPU context not restored: .*within 5 s\. Reload the page/);
    // Failed is not final: a late restore still brings it back.
    expect(checkGpuContextTimeout(s, 9000, 5000)).toBe(false);
    markGpuContextRestored(s);
    expect(s.state).toBe('ready');
  });

  it('words a short timeout in milliseconds', () => {
    const s = createGpuContextStatus();
    markGpuContextLost(s);
    checkGpuContextTimeout(s, 0, 250);
    expect(checkGpuContextTimeout(s, 250, 250)).toBe(true);
    expect(s.error).toMatch(/within 250 ms$/);
  });

  it('never times out while ready', () => {
    const s = createGpuContextStatus();
    expect(checkGpuContextTimeout(s, 1e9, 1)).toBe(false);
    expect(s.state).toBe('ready');
  });

  it('keeps the reason a rebuild failed, and a later loss starts over', () => {
    const s = createGpuContextStatus();
    markGpuContextLost(s);
    markGpuContextFailed(s, 'rebuilding on the restored context failed: out of memory');
    expect(describeGpuContext(s, 0)).toBe('GPU context not restored: rebuilding on the restored context failed: out of memory. Reload the page to draw again.');
    expect(markGpuContextLost(s)).toBe(true);
    expect(s).toMatchObject({ state: 'lost', losses: 2, error: '' });
  });
});

describe('restoredCapsProblem', () => {
  const caps: RenderCaps = { webgl2: true, floatTextures: true, maxAnisotropy: 16, uintIndices: true, maxTextureSize: 8192 };

  it('accepts the same or a better context', () => {
    expect(restoredCapsProblem(caps, caps, 'float')).toBe('');
    expect(restoredCapsProblem(caps, { ...caps, maxTextureSize: 16384, maxAnisotropy: 1 }, 'float')).toBe('');
    // Packed light textures need no float textures.
    expect(restoredCapsProblem(caps, { ...caps, floatTextures: false }, 'packed')).toBe('');
  });

  it('refuses a context the CPU side was not laid out for, saying what is missing', () => {
    expect(restoredCapsProblem(caps, { ...caps, webgl2: false }, 'packed')).toMatch(/WebGL1/);
    expect(restoredCapsProblem(caps, { ...caps, floatTextures: false }, 'float')).toMatch(/float textures/);
    expect(restoredCapsProblem(caps, { ...caps, uintIndices: false }, 'float')).toMatch(/OES_element_index_uint/);
    expect(restoredCapsProblem(caps, { ...caps, maxTextureSize: 4096 }, 'float')).toMatch(/4096-texel.*8192/);
  });
});
