/**
 * Packing many blocks of a Variable block into as few packets as fit the MTU.
 * Sizes are counted before zero-coding (zero-coding never makes a packet longer:
 * the encoder keeps the plain form when coding would not help). OpenSimulator does
 * the same: its capture has four plywood boxes in one ObjectUpdate of 1126 plain bytes
 * (399 on the wire), under LLUDPServer.MAXPAYLOAD (1200).
 */
import { MTU, defaultRegistry, type BlockInfo } from '@slv/protocol';

/** Header (6), a High message number (1) and room for a few appended acks. */
export const PACKET_OVERHEAD = 6 + 1 + 4 * 8 + 1;
/** The plain body bytes one packet may carry. */
export const MAX_BODY_BYTES = MTU - PACKET_OVERHEAD;

const textEncoder = new TextEncoder();

/** Bytes one instance of `block` takes on the wire, Variable length prefixes included. */
export function blockByteSize(block: BlockInfo, value: Readonly<Record<string, unknown>>): number {
  let size = 0;
  for (const field of block.fields) {
    if (field.type !== 'Variable') {
      size += field.size;
      continue;
    }
    const v = value[field.name];
    // field.size is the width of the length prefix (1 or 2).
    size += field.size + (v instanceof Uint8Array ? v.length : typeof v === 'string' ? textEncoder.encode(v).length + 1 : 0);
  }
  return size;
}

/** The block named `blockName` of message `messageName`; throws when the template has none. */
export function templateBlock(messageName: string, blockName: string): BlockInfo {
  const info = defaultRegistry.get(messageName);
  const block = info?.blocks.find((b) => b.name === blockName);
  if (!block) throw new Error(`message ${messageName} has no block ${blockName}`);
  return block;
}

/** Bytes of the blocks before the packed Variable block (e.g. RegionData) plus its count byte. */
export function fixedBodyBytes(messageName: string, packedBlock: string): number {
  const info = defaultRegistry.get(messageName);
  if (!info) throw new Error(`no message ${messageName}`);
  let size = 1;
  for (const block of info.blocks) {
    if (block.name === packedBlock) continue;
    if (block.kind !== 'Single') continue;
    for (const field of block.fields) size += field.size;
  }
  return size;
}
