/** A region of the embedded simulator on loopback, logged into, with its texture capability URLs. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fetchCapabilities, login } from '@slv/net';
import { startRegion, type RunningRegion } from '@slv/sim';

export interface TextureRegion {
  readonly region: RunningRegion;
  readonly viewerAssetUrl: string;
  readonly getTextureUrl: string;
  stop(): Promise<void>;
}

/** Encodes land in a shared temporary directory, so only the first test run pays for them. */
export async function startTextureRegion(): Promise<TextureRegion> {
  const region = await startRegion({ moverHz: 0, sceneOptions: { objects: 10, lights: 0, movers: 0 }, textures: { cacheDir: join(tmpdir(), 'slv-assets-test-textures') } });
  const answer = await login(region.loginUri, { first: 'Fetch', last: 'Tester', password: 'x' });
  const caps = await fetchCapabilities(answer.seedCapability, ['ViewerAsset', 'GetTexture']);
  return { region, viewerAssetUrl: caps.get('ViewerAsset')!, getTextureUrl: caps.get('GetTexture')!, stop: () => region.stop() };
}

export function temporaryDir(): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'slv-assets-'));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
