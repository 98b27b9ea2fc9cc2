/** Every message of the template survives encode → decode with random field values. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createPacketDecoder, createPacketEncoder, defaultRegistry } from '../default-registry.ts';
import type { BlockInfo, FieldInfo, MessageInfo } from './message-info.ts';
import { readMessageObject } from './message-object.ts';
import { quaternionW } from './field-codec.ts';

const f32 = fc.float({ noNaN: true });

function fieldArbitrary(field: FieldInfo): fc.Arbitrary<unknown> {
  switch (field.type) {
    case 'U8': return fc.integer({ min: 0, max: 0xff });
    case 'U16': case 'IPPORT': return fc.integer({ min: 0, max: 0xffff });
    case 'U32': return fc.integer({ min: 0, max: 0xffffffff });
    case 'S8': return fc.integer({ min: -0x80, max: 0x7f });
    case 'S16': return fc.integer({ min: -0x8000, max: 0x7fff });
    case 'S32': return fc.integer({ min: -0x80000000, max: 0x7fffffff });
    case 'U64': return fc.bigInt({ min: 0n, max: (1n << 64n) - 1n });
    case 'S64': return fc.bigInt({ min: -(1n << 63n), max: (1n << 63n) - 1n });
    case 'F32': return f32;
    case 'F64': return fc.double({ noNaN: true });
    case 'BOOL': return fc.boolean();
    case 'LLUUID': return fc.uuid();
    case 'LLVector3': return fc.tuple(f32, f32, f32);
    case 'LLVector4': return fc.tuple(f32, f32, f32, f32);
    case 'LLVector3d': return fc.tuple(fc.double({ noNaN: true }), fc.double({ noNaN: true }), fc.double({ noNaN: true }));
    case 'LLQuaternion': {
      const unit = fc.float({ min: Math.fround(-0.57), max: Math.fround(0.57), noNaN: true });
      return fc.tuple(unit, unit, unit).map(([x, y, z]) => [x, y, z, quaternionW(x, y, z)]);
    }
    case 'IPADDR': return fc.ipV4();
    case 'Fixed': return fc.uint8Array({ minLength: field.size, maxLength: field.size });
    case 'Variable': return fc.uint8Array({ maxLength: field.size === 1 ? 255 : 600 });
  }
}

function blockArbitrary(block: BlockInfo): fc.Arbitrary<unknown> {
  const instance = fc.record(Object.fromEntries(block.fields.map((f) => [f.name, fieldArbitrary(f)])));
  if (block.kind === 'Single') return instance;
  if (block.kind === 'Multiple') return fc.array(instance, { minLength: block.count, maxLength: block.count });
  return fc.array(instance, { maxLength: 3 });
}

function messageArbitrary(info: MessageInfo): fc.Arbitrary<Record<string, unknown>> {
  return fc.record(Object.fromEntries(info.blocks.map((b) => [b.name, blockArbitrary(b)])));
}

describe('round trip of every message in the template', () => {
  const decoder = createPacketDecoder();
  const encoder = createPacketEncoder();

  it('covers all 483 messages', () => expect(defaultRegistry.messages.length).toBe(483));

  for (const info of defaultRegistry.messages) {
    it(info.name, () => {
      let oversized = 0;
      fc.assert(fc.property(messageArbitrary(info), fc.integer({ min: 0, max: 0xffffff }), fc.boolean(), (value, sequence, reliable) => {
        let length: number;
        try {
          length = encoder.encode(info, value, { sequence, reliable });
        } catch (error) {
          // Random Variable data can overflow the 8 KiB packet in messages with many of them.
          if (/exceeds/.test((error as Error).message)) { oversized++; return; }
          throw error;
        }
        const ok = decoder.decode(encoder.bytes, length);
        expect(ok, decoder.error).toBe(true);
        expect(decoder.message).toBe(info);
        expect(decoder.sequence).toBe(sequence);
        expect(decoder.reliable).toBe(reliable);
        expect(decoder.reader!.trailing).toBe(0);
        expect(readMessageObject(decoder.reader!)).toEqual(value);
      }), { numRuns: 12 });
      expect(oversized, 'most runs must fit a packet').toBeLessThan(4);
    });
  }
});
