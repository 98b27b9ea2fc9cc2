/**
 * "Where am I": a small panel with the region's name, the avatar's position
 * (metres, rounded) and the minimap: the region's terrain shaded from the
 * received height field (minimap-image.ts), water, the other avatars as dots
 * and the own avatar as an arrow along its heading. Refreshed four times a
 * second, not every frame; the shaded terrain is redrawn only when a land
 * patch arrived or the water height changed.
 */
import type { NameTags } from '../avatar/name-tags.ts';
import type { ViewerEngine } from '../viewer-engine.ts';
import { minimapPixel, shadeTerrain } from './minimap-image.ts';

export const WHERE_AM_I_REFRESH_MS = 250;

/** "Region (128, 130, 23)"-style lines: the position rounded to whole metres. */
export function formatPosition(position: ArrayLike<number>): string {
  return `${Math.round(position[0]!)}, ${Math.round(position[1]!)}, ${Math.round(position[2]!)}`;
}

export interface WhereAmI {
  readonly element: HTMLElement;
  visible: boolean;
  toggle(): void;
  /** Redraws when due and visible. */
  maybeRefresh(nowMs: number): void;
}

export function createWhereAmI(element: HTMLElement, engine: ViewerEngine, avatars: NameTags): WhereAmI {
  const regionLine = document.createElement('div');
  regionLine.className = 'where-region';
  const positionLine = document.createElement('div');
  positionLine.className = 'where-position';
  const canvas = document.createElement('canvas');
  canvas.id = 'minimap';
  canvas.width = canvas.height = 128;
  element.replaceChildren(regionLine, positionLine, canvas);
  const size = canvas.width;
  const context = canvas.getContext('2d');
  // The shaded terrain, kept in its own canvas and copied under the dots at each refresh.
  const base = document.createElement('canvas');
  base.width = base.height = size;
  const baseContext = base.getContext('2d');
  const image = baseContext?.createImageData(size, size);
  let shadedRevision = -1;
  let shadedWater = Number.NaN;
  let due = 0;
  const at = new Float32Array(2);

  const drawBase = (waterHeight: number): void => {
    const terrain = engine.regionIndex < 0 ? undefined : engine.ingestion.terrain.get(engine.regionIndex);
    const revision = terrain === undefined ? -1 : terrain.revision;
    if (revision === shadedRevision && waterHeight === shadedWater) return;
    shadedRevision = revision;
    shadedWater = waterHeight;
    if (image === undefined || baseContext === null || baseContext === undefined) return;
    shadeTerrain(image.data, size, terrain, waterHeight);
    baseContext.putImageData(image, 0, 0);
  };

  const draw = (): void => {
    const session = engine.session;
    if (session === null) return;
    const region = session.region;
    if (regionLine.textContent !== region.name) regionLine.textContent = region.name;
    const own = engine.avatar;
    const text = formatPosition(own.position);
    if (positionLine.textContent !== text) positionLine.textContent = text;
    if (context === null) return;
    const regionSize = engine.ingestion.terrain.get(engine.regionIndex)?.regionSize ?? 256;
    drawBase(region.waterHeight);
    context.drawImage(base, 0, 0);
    // Other avatars: the same list the name tags keep (rescanned four times a second).
    const c = engine.ingestion.components;
    context.fillStyle = '#7fe08a';
    for (let i = 0; i < avatars.count; i++) {
      const eid = avatars.eids[i]!;
      if (eid === own.eid || engine.ingestion.entities.live[eid] !== 1) continue;
      const position = c.world.valid[eid] === 1 ? c.world.position : c.local.position;
      minimapPixel(at, position[eid * 3]!, position[eid * 3 + 1]!, regionSize, size);
      context.beginPath();
      context.arc(at[0]!, at[1]!, 2.5, 0, Math.PI * 2);
      context.fill();
    }
    // The own avatar: an arrow along its heading (yaw 0 is east; the map's y grows southwards).
    minimapPixel(at, own.position[0]!, own.position[1]!, regionSize, size);
    const yaw = own.controls.yaw;
    const fx = Math.cos(yaw);
    const fy = -Math.sin(yaw);
    context.fillStyle = '#ffffff';
    context.strokeStyle = '#000000';
    context.beginPath();
    context.moveTo(at[0]! + fx * 7, at[1]! + fy * 7);
    context.lineTo(at[0]! - fx * 4 - fy * 4, at[1]! - fy * 4 + fx * 4);
    context.lineTo(at[0]! - fx * 4 + fy * 4, at[1]! - fy * 4 - fx * 4);
    context.closePath();
    context.fill();
    context.stroke();
  };

  const panel: WhereAmI = {
    element,
    visible: !element.classList.contains('hidden'),
    toggle() {
      panel.visible = !panel.visible;
      element.classList.toggle('hidden', !panel.visible);
      due = 0;
    },
    maybeRefresh(nowMs) {
      if (!panel.visible || nowMs < due) return;
      due = nowMs + WHERE_AM_I_REFRESH_MS;
      draw();
    },
  };
  return panel;
}
