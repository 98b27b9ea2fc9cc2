/**
 * The name tags' DOM side: one absolutely placed label per NameTags slot in
 * a container over the canvas, made once and reused as avatars come and go.
 * `apply` writes only what changed since the last frame (text, shown or not,
 * a move of half a pixel or more), so a still scene costs no DOM writes.
 * `attachNameTags` runs both cadences after each frame.
 */
import type { ViewerEngine } from '../viewer-engine.ts';
import { collectNameTags, createNameTags, placeNameTags, type NameTags } from './name-tags.ts';

/** How often the avatars and their names are looked for again; positions follow every frame. */
export const NAME_TAG_RESCAN_MS = 250;

export interface NameTagOverlay {
  readonly container: HTMLElement;
  apply(tags: NameTags): void;
}

export function createNameTagOverlay(container: HTMLElement): NameTagOverlay {
  const labels: HTMLDivElement[] = [];
  const shownText: string[] = [];
  const shown: boolean[] = [];
  const atX: number[] = [];
  const atY: number[] = [];
  const label = (i: number): HTMLDivElement => {
    while (labels.length <= i) {
      const element = document.createElement('div');
      element.className = 'name-tag';
      element.style.display = 'none';
      container.append(element);
      labels.push(element);
      shownText.push('');
      shown.push(false);
      atX.push(Number.NaN);
      atY.push(Number.NaN);
    }
    return labels[i]!;
  };
  return {
    container,
    apply(tags) {
      for (let i = 0; i < tags.count; i++) {
        const element = label(i);
        const visible = tags.visible[i] === 1;
        if (visible !== shown[i]) {
          shown[i] = visible;
          element.style.display = visible ? '' : 'none';
        }
        if (!visible) continue;
        const text = tags.names[i]!;
        if (text !== shownText[i]) {
          shownText[i] = text;
          element.textContent = text;
        }
        const x = tags.x[i]!;
        const y = tags.y[i]!;
        if (Math.abs(x - atX[i]!) >= 0.5 || Math.abs(y - atY[i]!) >= 0.5 || Number.isNaN(atX[i]!)) {
          atX[i] = x;
          atY[i] = y;
          // Centred over the head, its bottom edge at the projected point (the CSS centres it).
          element.style.transform = `translate(${x.toFixed(1)}px, ${y.toFixed(1)}px) translate(-50%, -100%)`;
        }
      }
      for (let i = tags.count; i < labels.length; i++) {
        if (!shown[i]) continue;
        shown[i] = false;
        labels[i]!.style.display = 'none';
      }
    },
  };
}

export interface AttachedNameTags {
  readonly tags: NameTags;
  /** After a frame: rescans when due, places the tags with that frame's camera, writes the DOM. */
  step(nowMs: number): void;
}

/** Name tags over `engine`'s canvas, in `container` (fixed over the whole window, as the canvas). */
export function attachNameTags(engine: ViewerEngine, container: HTMLElement): AttachedNameTags {
  const tags = createNameTags();
  const overlay = createNameTagOverlay(container);
  let due = 0;
  return {
    tags,
    step(nowMs) {
      if (engine.session === null) return;
      if (nowMs >= due) {
        due = nowMs + NAME_TAG_RESCAN_MS;
        collectNameTags(tags, engine.ingestion);
      }
      const terrain = engine.regionIndex < 0 ? undefined : engine.ingestion.terrain.get(engine.regionIndex);
      // The canvas fills the window: its CSS size is the window's, read without forcing a layout.
      placeNameTags(tags, engine.ingestion, engine.resources.camera, window.innerWidth, window.innerHeight, engine.settings.settings.rendering.drawDistance, terrain);
      overlay.apply(tags);
    },
  };
}
