/**
 * The statistics overlay: a text panel refreshed four times a second from a
 * StatsSnapshot (see stats-snapshot.ts for what it shows), headed by the
 * GPU context's state when it is not drawing (lost, waiting for restore, not
 * restored). Hidden panels cost nothing but the snapshot the test API may
 * still ask for.
 */
import { formatStatsOverlay, type StatsSnapshot } from './stats-snapshot.ts';

export const OVERLAY_REFRESH_MS = 250;

export interface StatsOverlay {
  readonly element: HTMLElement;
  visible: boolean;
  /** Redraws when due (every OVERLAY_REFRESH_MS) and visible; `refreshSnapshot` fills the snapshot first. */
  maybeRefresh(nowMs: number, refreshSnapshot: () => StatsSnapshot): void;
  toggle(): void;
}

/** `notice(nowMs)`: a line to show above the numbers, '' for none (ViewerRenderer.gpuNotice). */
export function createStatsOverlay(element: HTMLElement, notice: (nowMs: number) => string = () => ''): StatsOverlay {
  let due = 0;
  const overlay: StatsOverlay = {
    element,
    visible: !element.classList.contains('hidden'),
    maybeRefresh(nowMs, refreshSnapshot) {
      if (!overlay.visible || nowMs < due) return;
      due = nowMs + OVERLAY_REFRESH_MS;
      const text = formatStatsOverlay(refreshSnapshot());
      const line = notice(nowMs);
      element.textContent = line === '' ? text : `${line}\n${text}`;
    },
    toggle() {
      overlay.visible = !overlay.visible;
      element.classList.toggle('hidden', !overlay.visible);
      due = 0;
    },
  };
  return overlay;
}
