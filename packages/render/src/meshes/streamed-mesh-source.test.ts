import { describe, expect, it } from 'vitest';
import type { MeshGeometryDelivery, MeshLodIndex } from './mesh-assets.ts';
import { StreamedMeshSource, type MeshStreamerLike, type StreamedMeshDelivery } from './streamed-mesh-source.ts';

const geometry = { faces: [] };

class FakeStreamer implements MeshStreamerLike {
  readonly calls: string[] = [];
  pending: [string, StreamedMeshDelivery][] = [];
  want(id: string, lod: MeshLodIndex, priority: number): void {
    this.calls.push(`want ${id} ${lod} ${priority}`);
  }
  update(nowMs: number): void {
    this.calls.push(`update ${nowMs}`);
  }
  drain(receive: (id: string, delivery: StreamedMeshDelivery) => void): void {
    for (const [id, d] of this.pending.splice(0)) receive(id, d);
  }
  release(id: string): void {
    this.calls.push(`release ${id}`);
  }
}

describe('StreamedMeshSource', () => {
  it('passes wants through and tells own, generated and stand-in geometry apart; a failure the streamer retries is not delivered', () => {
    const streamer = new FakeStreamer();
    const source = new StreamedMeshSource();
    source.want('a', 1, 5); // nothing attached: goes nowhere
    source.attach(streamer);
    source.want('a', 2, 7);
    source.update(16);
    source.release('b');
    expect(streamer.calls).toEqual(['want a 2 7', 'update 16', 'release b']);
    streamer.pending = [
      ['a', { kind: 'lod', lod: 2, from: 'medium_lod', generated: false, final: true, geometry }],
      ['b', { kind: 'lod', lod: 1, from: 'high_lod', generated: false, final: false, geometry }],
      ['b', { kind: 'lod', lod: 1, from: 'high_lod', generated: true, final: true, geometry }],
      ['c', { kind: 'failed', message: 'HTTP 503 after 4 tries' }],
      ['d', { kind: 'missing', message: '404' }],
      ['e', { kind: 'unusable', message: 'mesh e: header: not binary LLSD' }],
    ];
    const got: [string, MeshGeometryDelivery][] = [];
    source.drain((id, d) => got.push([id, d]));
    expect(got).toEqual([
      ['a', { kind: 'lod', lod: 2, geometry, generated: false, exact: true }],
      ['b', { kind: 'lod', lod: 1, geometry, generated: false, exact: false }],
      ['b', { kind: 'lod', lod: 1, geometry, generated: true, exact: true }],
      ['d', { kind: 'missing' }],
      ['e', { kind: 'unusable', reason: 'mesh e: header: not binary LLSD' }],
    ]);
    expect([source.delivered, source.failed]).toEqual([5, 1]);
  });
});
