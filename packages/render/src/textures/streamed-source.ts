/**
 * The renderer's TextureSource over @slv/assets' TextureStreamer: wants and
 * the per-frame update go straight through; decoded improvements, which
 * the streamer hands over from inside `update`, wait in a reused list for
 * `drain`. Missing textures (404, not a texture, undecodable) are counted
 * and the last reason kept for the overlay; their faces keep their colour.
 */
import type { StreamedTexture, TextureStreamer } from '@slv/assets';
import type { TextureImage, TextureSource } from './texture-state.ts';

export class StreamedTextureSource implements TextureSource {
  private streamer: TextureStreamer | null = null;
  private readonly ready: (StreamedTexture | null)[] = [];
  private readyCount = 0;
  /** Textures reported missing, and the last report. */
  missing = 0;
  lastMissing = '';

  /** For TextureStreamerOptions.onDecoded. */
  readonly onDecoded = (texture: StreamedTexture): void => {
    if (this.readyCount < this.ready.length) this.ready[this.readyCount] = texture;
    else this.ready.push(texture);
    this.readyCount++;
  };

  /** For TextureStreamerOptions.onMissing. */
  readonly onMissing = (id: string, error: Error): void => {
    this.missing++;
    this.lastMissing = error.message.includes(id) ? error.message : `texture ${id}: ${error.message}`;
  };

  /** The streamer to drive (made with this source's onDecoded and onMissing); null stops streaming. */
  attach(streamer: TextureStreamer | null): void {
    this.streamer = streamer;
    this.ready.fill(null);
    this.readyCount = 0;
  }

  get attached(): TextureStreamer | null {
    return this.streamer;
  }

  want(id: string, discard: number, priority: number): void {
    this.streamer?.want(id, discard, priority);
  }

  update(nowMs: number): void {
    this.streamer?.update(nowMs);
  }

  drain(receive: (id: string, image: TextureImage) => void): void {
    for (let i = 0; i < this.readyCount; i++) {
      const texture = this.ready[i]!;
      this.ready[i] = null;
      receive(texture.id, texture);
    }
    this.readyCount = 0;
  }

  release(id: string): void {
    this.streamer?.release(id);
  }
}
