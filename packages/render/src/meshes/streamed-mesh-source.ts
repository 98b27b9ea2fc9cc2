/**
 * The renderer's MeshGeometrySource over @slv/assets' MeshStreamer (or
 * anything shaped like it): wants and the per-frame update go straight
 * through; deliveries are translated — geometry is "exact" for its LOD
 * when it is that LOD's own or was generated for it, and a stand-in when
 * it is the nearest LOD the asset has (a generated one may follow). A
 * fetch that failed after the fetcher's retries is not the renderer's
 * business: the streamer asks again later.
 */
import type { MeshLodGeometry } from './mesh-asset-drawable.ts';
import type { MeshGeometryDelivery, MeshGeometrySource, MeshLodIndex } from './mesh-assets.ts';

const LOD_NAMES = ['lowest_lod', 'low_lod', 'medium_lod', 'high_lod'] as const;

/** What the streamer hands over (MeshStreamer's MeshDelivery). */
export type StreamedMeshDelivery =
  | { readonly kind: 'lod'; readonly lod: MeshLodIndex; readonly from: string; readonly generated: boolean; readonly final: boolean; readonly geometry: MeshLodGeometry }
  | { readonly kind: 'missing' | 'unusable' | 'failed'; readonly message: string };

export interface MeshStreamerLike {
  want(id: string, lod: MeshLodIndex, priority: number): void;
  update(nowMs: number): void;
  drain(receive: (id: string, delivery: StreamedMeshDelivery) => void): void;
  release(id: string): void;
}

export class StreamedMeshSource implements MeshGeometrySource {
  private streamer: MeshStreamerLike | null = null;
  private receiver: ((id: string, delivery: MeshGeometryDelivery) => void) | null = null;
  /** Deliveries forwarded, and failures the streamer will retry. */
  delivered = 0;
  failed = 0;
  /** Bound once: drain's callback. */
  private readonly forward = (id: string, delivery: StreamedMeshDelivery): void => {
    const receive = this.receiver!;
    if (delivery.kind === 'lod') {
      this.delivered++;
      const exact = delivery.generated || delivery.from === LOD_NAMES[delivery.lod];
      receive(id, { kind: 'lod', lod: delivery.lod, geometry: delivery.geometry, generated: delivery.generated, exact });
    } else if (delivery.kind === 'failed') {
      this.failed++;
    } else {
      this.delivered++;
      receive(id, delivery.kind === 'missing' ? { kind: 'missing' } : { kind: 'unusable', reason: delivery.message });
    }
  };

  /** The streamer to drive (null: none; wants go nowhere). */
  attach(streamer: MeshStreamerLike | null): void {
    this.streamer = streamer;
  }

  want(id: string, lod: MeshLodIndex, priority: number): void {
    this.streamer?.want(id, lod, priority);
  }

  update(nowMs: number): void {
    this.streamer?.update(nowMs);
  }

  drain(receive: (id: string, delivery: MeshGeometryDelivery) => void): void {
    if (this.streamer === null) return;
    this.receiver = receive;
    this.streamer.drain(this.forward);
  }

  release(id: string): void {
    this.streamer?.release(id);
  }
}
