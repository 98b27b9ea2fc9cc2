import type { MessageInfo } from './message-info.ts';
import type { MessageReader } from './message-reader.ts';
import { EncodeError, locationPath, readFieldValue, variableBytes, writeFieldValue, type EncodeLocation, type FieldValue } from './field-codec.ts';

export type BlockObject = Record<string, FieldValue>;
/** Single blocks as one object, Multiple and Variable blocks as arrays. */
export type MessageObject = Record<string, BlockObject | BlockObject[]>;

/** Copies every field of a bound reader into plain objects (allocates; for tools and tests). */
export function readMessageObject(reader: MessageReader): MessageObject {
  const message: MessageObject = {};
  for (const block of reader.blocks) {
    const info = block.info;
    const instances: BlockObject[] = [];
    for (let i = 0; i < block.count; i++) {
      const object: BlockObject = {};
      for (let f = 0; f < info.fields.length; f++) {
        const field = info.fields[f]!;
        object[field.name] = readFieldValue(block.bytes, block.view, block.fieldOffset(i, f), field);
      }
      instances.push(object);
    }
    message[info.name] = info.kind === 'Single' ? instances[0] ?? {} : instances;
  }
  return message;
}

/**
 * Writes the blocks of `value` as the body of `info` at `offset`, never past `limit`.
 * Returns the offset after the body. Throws EncodeError naming the field that is
 * missing, mistyped or too long, or the block whose count is wrong.
 */
const where: EncodeLocation = { message: '', block: '', instance: -1, field: '' };

export function writeMessageBody(
  info: MessageInfo, value: Readonly<Record<string, unknown>>,
  bytes: Uint8Array, view: DataView, offset: number, limit: number,
): number {
  let pos = offset;
  for (const block of info.blocks) {
    const raw = value[block.name];
    let instances: readonly unknown[];
    if (block.kind === 'Single') {
      if (raw === undefined || raw === null || typeof raw !== 'object') {
        throw new EncodeError(`${info.name}.${block.name}`, 'missing block');
      }
      instances = Array.isArray(raw) ? raw : [raw];
      if (instances.length !== 1) throw new EncodeError(`${info.name}.${block.name}`, `a Single block needs 1 instance, got ${instances.length}`);
    } else {
      instances = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
      if (block.kind === 'Multiple' && instances.length !== block.count) {
        throw new EncodeError(`${info.name}.${block.name}`, `Multiple ${block.count} needs exactly ${block.count} instances, got ${instances.length}`);
      }
      if (block.kind === 'Variable') {
        if (instances.length > 255) throw new EncodeError(`${info.name}.${block.name}`, `at most 255 instances, got ${instances.length}`);
        if (pos + 1 > limit) throw new EncodeError(`${info.name}.${block.name}`, `body exceeds ${limit - offset} bytes`);
        bytes[pos++] = instances.length;
      }
    }
    where.message = info.name;
    where.block = block.name;
    for (let i = 0; i < instances.length; i++) {
      const instance = instances[i] as Record<string, unknown> | null;
      where.instance = block.kind === 'Single' ? -1 : i;
      where.field = '';
      if (instance === null || typeof instance !== 'object') throw new EncodeError(locationPath(where).slice(0, -1), 'expected an object');
      for (const field of block.fields) {
        where.field = field.name;
        const fieldValue = instance[field.name];
        if (field.type === 'Variable') {
          const data = variableBytes(where, field, fieldValue);
          if (pos + field.size + data.length > limit) throw new EncodeError(locationPath(where), `body exceeds ${limit - offset} bytes`);
          if (field.size === 1) bytes[pos] = data.length;
          else view.setUint16(pos, data.length, true);
          bytes.set(data, pos + field.size);
          pos += field.size + data.length;
          continue;
        }
        if (fieldValue === undefined) throw new EncodeError(locationPath(where), 'missing field');
        if (pos + field.size > limit) throw new EncodeError(locationPath(where), `body exceeds ${limit - offset} bytes`);
        pos = writeFieldValue(bytes, view, pos, field, fieldValue, where);
      }
    }
  }
  return pos;
}
