/**
 * Test support: real captures for the object-data conformance tests, decoded with the
 * package's own packet decoder. A decoder's buffers are reused by every decode, so
 * each helper hands out a fresh decoder per packet.
 */
import { readFileSync } from 'node:fs';
import { projectFixture, sharedPath } from '@slv/testing';
import { createPacketDecoder } from '../index.ts';
import type { PacketDecoder } from '../runtime/packet-decoder.ts';

export const SL_OBJECT_UPDATE = 'fixtures/secondlife-2017/ObjectUpdateMessageZL.packet';
export const SL_OBJECT_UPDATE_JSON = 'fixtures/secondlife-2017/ObjectUpdateMessageZL.json';
export const SL_COMPRESSED = 'fixtures/secondlife-2017/ObjectUpdateCompressedMessageL.packet';
export const SL_COMPRESSED_JSON = 'fixtures/secondlife-2017/ObjectUpdateCompressedMessageL.json';
export const SL_TERSE = 'fixtures/secondlife-2017/ImprovedTerseObjectUpdateMessageL.packet';
export const OPENSIM_LOGIN = 'opensim-0.9.2.2/session-login.udp.jsonl';

/** A decoder holding the datagram in ../shared at `relative`. */
export function decodeShared(relative: string): PacketDecoder {
  const decoder = createPacketDecoder();
  if (!decoder.decode(new Uint8Array(readFileSync(sharedPath(relative))))) throw new Error(`${relative}: ${decoder.error}`);
  return decoder;
}

export function readSharedJson(relative: string): unknown {
  return JSON.parse(readFileSync(sharedPath(relative), 'utf8'));
}

/** One decoder per datagram of message `msg` in a project capture, in capture order. */
export function decodeProjectCapture(relative: string, msg: string): PacketDecoder[] {
  return readFileSync(projectFixture(relative), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as { msg: string; hex: string })
    .filter((record) => record.msg === msg)
    .map((record) => {
      const decoder = createPacketDecoder();
      if (!decoder.decode(Uint8Array.from(Buffer.from(record.hex, 'hex')))) throw new Error(`${msg}: ${decoder.error}`);
      return decoder;
    });
}

export function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
}
