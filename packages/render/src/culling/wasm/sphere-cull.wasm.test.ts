import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import createWabt from 'wabt';
import { describe, expect, it } from 'vitest';
import { SPHERE_CULL_WASM, SPHERE_CULL_WASM_SOURCE_SHA1 } from './sphere-cull.wasm.ts';

describe('sphere-cull.wasm.ts', () => {
  it('holds the bytes its .wat source assembles to (else run `npm run wasm -w @slv/render`)', async () => {
    const text = readFileSync(new URL('./sphere-cull.wat', import.meta.url), 'utf8');
    expect(createHash('sha1').update(text).digest('hex')).toBe(SPHERE_CULL_WASM_SOURCE_SHA1);
    const wabt = await createWabt();
    const module = wabt.parseWat('sphere-cull.wat', text, { simd: true });
    try {
      module.validate();
      expect(Array.from(module.toBinary({ log: false, write_debug_names: false }).buffer)).toEqual(Array.from(SPHERE_CULL_WASM));
    } finally {
      module.destroy();
    }
  });

  it('is a valid module for this engine', () => {
    expect(WebAssembly.validate(SPHERE_CULL_WASM)).toBe(true);
  });
});
