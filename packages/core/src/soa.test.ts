import { describe, expect, it } from 'vitest';
import { CapacityError } from './errors.ts';
import { MAX_CAPACITY, clearSoAEntity, defineSoA, getSoAInfo } from './soa.ts';

describe('defineSoA', () => {
  it('allocates capacity × stride elements of the requested type per field', () => {
    const c = defineSoA({ x: Float32Array, flags: Uint32Array, position: [Float64Array, 3], color: [Uint8Array, 4] }, 10);
    expect(c.x).toBeInstanceOf(Float32Array);
    expect(c.x.length).toBe(10);
    expect(c.flags).toBeInstanceOf(Uint32Array);
    expect(c.position).toBeInstanceOf(Float64Array);
    expect(c.position.length).toBe(30);
    expect(c.color.length).toBe(40);
    expect(Object.keys(c)).toEqual(['x', 'flags', 'position', 'color']);
    expect(getSoAInfo(c)).toEqual({
      capacity: 10,
      fields: ['x', 'flags', 'position', 'color'],
      strides: { x: 1, flags: 1, position: 3, color: 4 },
    });
  });

  it('rejects bad capacities, constructors and strides with messages naming them', () => {
    expect(() => defineSoA({ x: Float32Array }, 0)).toThrow(/capacity must be an integer/);
    expect(() => defineSoA({ x: Float32Array }, 1.5)).toThrow(/capacity/);
    expect(() => defineSoA({ x: Float32Array }, MAX_CAPACITY + 1)).toThrow(/capacity/);
    expect(() => defineSoA({ x: Array as never }, 4)).toThrow(/field "x" must be a typed-array constructor/);
    expect(() => defineSoA({ v: [Float32Array, 0] }, 4)).toThrow(/field "v" stride/);
    expect(() => defineSoA({ v: [Float32Array, 65] }, 4)).toThrow(/field "v" stride/);
  });

  it('clears one entity slot across all fields and checks the id against capacity', () => {
    const c = defineSoA({ x: Float32Array, v: [Int32Array, 2] }, 3);
    c.x.fill(7);
    c.v.fill(9);
    clearSoAEntity(c, 1);
    expect(Array.from(c.x)).toEqual([7, 0, 7]);
    expect(Array.from(c.v)).toEqual([9, 9, 0, 0, 9, 9]);
    expect(() => clearSoAEntity(c, 3)).toThrow(CapacityError);
    expect(() => clearSoAEntity(c, -1)).toThrow(/outside capacity 3/);
    expect(() => clearSoAEntity({ x: new Float32Array(3) }, 0)).toThrow(/not made by defineSoA/);
  });
});
