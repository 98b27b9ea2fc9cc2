import { readFileSync } from 'node:fs';
import { describeWithShared, projectFixture, sharedPath } from '@slv/testing';
import { describe, expect, it } from 'vitest';
import { readSimToClientDatagrams } from '../fixture-packets.ts';
import { createNodeMetaverseObjectStore } from './node-metaverse-objects.ts';

interface NmObject {
  ID: number;
  PCode: number;
  Position: { x: number; y: number; z: number };
}

describe('node-metaverse object store peer', () => {
  it('holds the avatar and the 6 prims of the OpenSim login session, where they are', () => {
    const peer = createNodeMetaverseObjectStore();
    try {
      for (const d of readSimToClientDatagrams(projectFixture('opensim-0.9.2.2/session-login.udp.jsonl')).datagrams) peer.ingest(d);
      expect(peer.objectCount()).toBe(7);
      const objects = peer.store.getAllObjects({ includeAvatars: true }) as unknown as NmObject[];
      const prims = objects.filter((o) => o.PCode === 9).map((o) => o.Position.x).sort((a, b) => a - b);
      expect(prims).toEqual([120, 123, 126, 130, 133, 136]);
      // Nothing was missing, so it asked the (absent) simulator for nothing.
      expect(peer.sent.count).toBe(0);
    } finally {
      peer.close();
    }
  });

  it('the lite store keeps the objects too', () => {
    const peer = createNodeMetaverseObjectStore({ lite: true });
    try {
      for (const d of readSimToClientDatagrams(projectFixture('opensim-0.9.2.2/session-login.udp.jsonl')).datagrams) peer.ingest(d);
      expect(peer.objectCount()).toBe(7);
    } finally {
      peer.close();
    }
  });
});

const SL = 'fixtures/secondlife-2017';
describeWithShared('node-metaverse object store peer on Second Life packets', [`${SL}/ObjectUpdateCompressedMessageL.packet`], () => {
  it('stores the three compressed objects, and a replayed datagram updates rather than duplicates them', () => {
    const peer = createNodeMetaverseObjectStore();
    try {
      const packet = new Uint8Array(readFileSync(sharedPath(`${SL}/ObjectUpdateCompressedMessageL.packet`)));
      peer.ingest(packet);
      peer.ingest(packet);
      expect(peer.objectCount()).toBe(3);
    } finally {
      peer.close();
    }
  });
});
