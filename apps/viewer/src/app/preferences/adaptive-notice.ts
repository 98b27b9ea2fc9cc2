/**
 * Telling the user when the adaptive scaler switched the profile, and
 * letting them take it back. Each adaptive step shows a notice saying what
 * changed and why (the frame time against the target frame rate, or memory
 * over its budget), with Undo: the previous profile comes back as the
 * user's own choice (saved, as picking it in Preferences would be) and
 * adaptive scaling pauses for the rest of this session, so it does not flip
 * straight back. The pause is the viewer's, not the settings': the
 * "Adaptive scaling" switch in Preferences stays as it was (turning it off
 * there is the lasting way), and a new page starts unpaused.
 */
import type { AdaptiveScaler, AdaptiveStep, PerformanceSettingsResource, PresetName } from '@slv/config';

/** How long a notice stays up unless acted on. */
export const ADAPTIVE_NOTICE_MS = 20_000;

/** One sentence on what the scaler did and why. */
export function describeAdaptiveStep(step: Readonly<AdaptiveStep>, targetFps: number, memoryBudgetMB: number): string {
  const what = `${step.direction < 0 ? 'Lowered' : 'Raised'} graphics from ${step.from} to ${step.to}`;
  if (step.reason === 'memory') return `${what}: ${Math.round(step.memoryMB)} MB of memory in use, over the ${memoryBudgetMB} MB budget.`;
  const fps = step.medianFrameMs > 0 ? Math.round(1000 / step.medianFrameMs) : 0;
  return step.direction < 0
    ? `${what}: ${fps} frames a second, under the ${targetFps} fps target.`
    : `${what}: ${fps} frames a second, well over the ${targetFps} fps target.`;
}

export interface AdaptiveUndo {
  /** True once Undo was used: the viewer stops feeding the scaler. */
  paused: boolean;
  /** The profile Undo goes back to, null when there is nothing to undo. */
  previous: PresetName | null;
  /** The notice's text for the step just taken ('' when none). */
  text: string;
}

/** Records a step the scaler just took (from the resource's 'adaptive' change). */
export function noteAdaptiveStep(undo: AdaptiveUndo, scaler: AdaptiveScaler, resource: PerformanceSettingsResource): void {
  const step = scaler.lastStep;
  if (step === null) return;
  undo.previous = step.from;
  undo.text = describeAdaptiveStep(step, resource.settings.adaptive.targetFps, resource.settings.adaptive.memoryBudgetMB);
}

/** Undo: the previous profile back as the user's choice, and adaptive scaling paused. */
export function undoAdaptiveStep(undo: AdaptiveUndo, resource: PerformanceSettingsResource): void {
  const previous = undo.previous;
  if (previous === null) return;
  undo.paused = true;
  undo.previous = null;
  resource.setProfile(previous, 'user');
  undo.text = `Back to ${previous}. Adaptive scaling is paused until the viewer is reloaded (Preferences → Adaptive turns it off for good).`;
}

export interface AdaptiveNotice {
  readonly undo: AdaptiveUndo;
  dispose(): void;
}

/** The notice panel in `element` (a .panel), shown on each adaptive step. */
export function createAdaptiveNotice(element: HTMLElement, resource: PerformanceSettingsResource, scaler: AdaptiveScaler): AdaptiveNotice {
  const undo: AdaptiveUndo = { paused: false, previous: null, text: '' };
  const text = document.createElement('span');
  const undoButton = Object.assign(document.createElement('button'), { type: 'button', textContent: 'Undo', id: 'adaptive-undo' });
  const close = Object.assign(document.createElement('button'), { type: 'button', textContent: '×', title: 'Dismiss' });
  close.setAttribute('aria-label', 'Dismiss');
  element.replaceChildren(text, undoButton, close);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const hide = (): void => {
    clearTimeout(timer);
    element.classList.add('hidden');
  };
  const show = (): void => {
    text.textContent = undo.text;
    undoButton.classList.toggle('hidden', undo.previous === null);
    element.classList.remove('hidden');
    clearTimeout(timer);
    timer = setTimeout(hide, ADAPTIVE_NOTICE_MS);
  };
  undoButton.addEventListener('click', () => {
    undoAdaptiveStep(undo, resource);
    show();
  });
  close.addEventListener('click', hide);
  const unsubscribe = resource.subscribe((change) => {
    if (change.cause === 'adaptive') {
      noteAdaptiveStep(undo, scaler, resource);
      show();
    } else if (change.cause === 'user' && undo.previous !== null) {
      // The user chose a profile themselves: the step is no longer theirs to undo.
      undo.previous = null;
      undoButton.classList.add('hidden');
    }
  });
  return {
    undo,
    dispose: () => {
      hide();
      unsubscribe();
    },
  };
}
