/**
 * The Preferences window: the profile (Low / Balanced / High / Custom) and
 * the main knobs, by section (rendering, memory, assets, adaptive). Every change goes straight to the live settings resource,
 * so the systems see it on the next frame without a reload, and the viewer
 * settings save it to localStorage. Editing a knob makes the profile Custom;
 * picking a preset replaces every value. The controls follow the resource,
 * so an adaptive step or a change made through window.slvViewer shows too.
 */
import { PROFILE_NAMES, isPerformanceProfile, type PerformanceSettingsResource, type SettingsProblem } from '@slv/config';
import { KNOBS, knobOverride, readKnob, type Knob, type KnobValue } from './preference-knobs.ts';

export interface PreferencesWindow {
  readonly element: HTMLElement;
  show(): void;
  hide(): void;
  toggle(): void;
  /** Re-reads every control from the settings. */
  refresh(): void;
  dispose(): void;
}

interface KnobControl {
  readonly knob: Knob;
  readonly input: HTMLInputElement | HTMLSelectElement;
  readonly value: HTMLElement | null;
}

function el<K extends keyof HTMLElementTagNameMap>(tag: K, props: Partial<HTMLElementTagNameMap[K]> = {}, ...children: (Node | string)[]): HTMLElementTagNameMap[K] {
  const node = Object.assign(document.createElement(tag), props);
  node.append(...children);
  return node;
}

function formatValue(knob: Knob, value: KnobValue): string {
  if (knob.kind !== 'number' || typeof value !== 'number') return String(value);
  return `${Number.isInteger(value) ? value : value.toFixed(3).replace(/0+$/, '')}${knob.unit === '' ? '' : ` ${knob.unit}`}`;
}

/** Builds the window into `container` (emptied first). `detectedReason` explains the first-launch choice, when there was one. */
export function createPreferencesWindow(container: HTMLElement, resource: PerformanceSettingsResource, detectedReason: string | null, initialProblems: readonly SettingsProblem[] = []): PreferencesWindow {
  container.replaceChildren();
  const profile = el('select', { id: 'pref-profile' });
  for (const name of PROFILE_NAMES) profile.append(el('option', { value: name, textContent: name }));
  const problems = el('div', { className: 'problems' });
  const controls: KnobControl[] = [];
  const body: Node[] = [el('h2', { textContent: 'Preferences' }), el('label', {}, 'Profile', profile)];
  if (detectedReason !== null) body.push(el('div', { textContent: `First launch: ${detectedReason}` }));
  let section = '';
  for (const knob of KNOBS) {
    if (knob.section !== section) {
      section = knob.section;
      body.push(el('h3', { textContent: section }));
    }
    let input: HTMLInputElement | HTMLSelectElement;
    let value: HTMLElement | null = null;
    if (knob.kind === 'number') {
      input = el('input', { type: 'range', id: `pref-${knob.id}`, min: String(knob.min), max: String(knob.max), step: String(knob.step) });
      value = el('span', { className: 'value' });
      body.push(el('label', {}, knob.label, el('span', { className: 'row' }, input, value)));
    } else if (knob.kind === 'choice') {
      input = el('select', { id: `pref-${knob.id}` });
      for (const v of knob.values) input.append(el('option', { value: v, textContent: v }));
      body.push(el('label', {}, knob.label, input));
    } else {
      input = el('input', { type: 'checkbox', id: `pref-${knob.id}` });
      body.push(el('label', {}, knob.label, input));
    }
    controls.push({ knob, input, value });
  }
  const close = el('button', { type: 'button', textContent: 'Close' });
  body.push(problems, close);
  container.append(...body);

  const showProblems = (list: readonly SettingsProblem[]): void => {
    problems.textContent = list.map((p) => `${p.path === '' ? '' : `${p.path}: `}${p.reason}`).join('\n');
  };
  const refresh = (): void => {
    profile.value = resource.profile;
    for (const c of controls) {
      const v = readKnob(resource.settings, c.knob);
      if (c.input instanceof HTMLInputElement && c.input.type === 'checkbox') c.input.checked = v === true;
      else c.input.value = String(v);
      if (c.value) c.value.textContent = formatValue(c.knob, v);
    }
  };

  const listeners: (() => void)[] = [];
  const on = (target: EventTarget, type: string, fn: (event: Event) => void): void => {
    target.addEventListener(type, fn);
    listeners.push(() => target.removeEventListener(type, fn));
  };
  on(profile, 'change', () => {
    if (isPerformanceProfile(profile.value)) resource.setProfile(profile.value);
    showProblems([]);
  });
  for (const c of controls) {
    // Sliders preview their number while dragging and apply on release; other controls apply at once.
    if (c.value) on(c.input, 'input', () => { c.value!.textContent = formatValue(c.knob, Number(c.input.value)); });
    on(c.input, 'change', () => {
      const raw = c.input instanceof HTMLInputElement && c.input.type === 'checkbox' ? c.input.checked : c.input.value;
      const override = knobOverride(c.knob, raw);
      if (override instanceof Error) {
        showProblems([{ path: '', value: raw, reason: override.message }]);
        refresh();
        return;
      }
      showProblems(resource.update(override));
    });
  }
  const unsubscribe = resource.subscribe(() => refresh());
  const hide = (): void => container.classList.add('hidden');
  on(close, 'click', hide);
  refresh();
  showProblems(initialProblems);
  return {
    element: container,
    show: () => { refresh(); container.classList.remove('hidden'); },
    hide,
    toggle: () => { if (container.classList.contains('hidden')) { refresh(); container.classList.remove('hidden'); } else hide(); },
    refresh,
    dispose: () => {
      unsubscribe();
      for (const off of listeners) off();
    },
  };
}
