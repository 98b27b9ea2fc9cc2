/**
 * The knobs the Preferences window shows, as data: each names its settings
 * field, its label and its control, and takes its range from the settings
 * schema, so the window can neither offer a value validation would refuse
 * nor drift from the schema.
 */
import { SETTINGS_SCHEMA, type DeepPartial, type NumberRule, type PerformanceSettings } from '@slv/config';

export type KnobGroup = 'rendering' | 'adaptive';

interface KnobBase<G extends KnobGroup, K extends keyof PerformanceSettings[G]> {
  readonly id: string;
  readonly label: string;
  readonly group: G;
  readonly field: K;
}

export interface NumberKnob extends KnobBase<'rendering', 'drawDistance' | 'maxLocalLights' | 'volumeLodFactor'> {
  readonly kind: 'number';
  readonly min: number;
  readonly max: number;
  readonly step: number;
  readonly unit: string;
}

export interface ChoiceKnob extends KnobBase<'rendering', 'shaderTier' | 'textureFiltering' | 'glow'> {
  readonly kind: 'choice';
  readonly values: readonly string[];
}

export interface ToggleKnob extends KnobBase<'rendering', 'hzbOcclusion'> {
  readonly kind: 'toggle';
}

export interface AdaptiveToggleKnob extends KnobBase<'adaptive', 'enabled'> {
  readonly kind: 'toggle';
}

export type Knob = NumberKnob | ChoiceKnob | ToggleKnob | AdaptiveToggleKnob;

const rendering = SETTINGS_SCHEMA.rendering;

function numberKnob(id: string, label: string, field: NumberKnob['field'], step: number, unit: string): NumberKnob {
  const rule: NumberRule = rendering[field];
  return { id, label, kind: 'number', group: 'rendering', field, min: rule.min, max: rule.max, step, unit };
}

export const KNOBS: readonly Knob[] = Object.freeze([
  numberKnob('draw-distance', 'Draw distance', 'drawDistance', 8, 'm'),
  { id: 'shader-tier', label: 'Shader tier', kind: 'choice', group: 'rendering', field: 'shaderTier', values: rendering.shaderTier.values },
  { id: 'texture-filtering', label: 'Texture filtering', kind: 'choice', group: 'rendering', field: 'textureFiltering', values: rendering.textureFiltering.values },
  numberKnob('max-lights', 'Max lights', 'maxLocalLights', 1, ''),
  numberKnob('lod-factor', 'LOD factor', 'volumeLodFactor', 0.125, '×'),
  { id: 'glow', label: 'Glow', kind: 'choice', group: 'rendering', field: 'glow', values: rendering.glow.values },
  { id: 'hzb', label: 'Occlusion culling (HZB)', kind: 'toggle', group: 'rendering', field: 'hzbOcclusion' },
  { id: 'adaptive', label: 'Adaptive scaling', kind: 'toggle', group: 'adaptive', field: 'enabled' },
] satisfies Knob[]);

export type KnobValue = number | string | boolean;

/** The knob's current value in `settings`. */
export function readKnob(settings: PerformanceSettings, knob: Knob): KnobValue {
  return knob.group === 'adaptive' ? settings.adaptive[knob.field] : settings.rendering[knob.field];
}

/**
 * The override that sets the knob from a control's raw value (the text of an
 * input or select, or a checkbox state), or an Error saying why it cannot.
 * Numbers are clamped into the schema's range and integers rounded, as a
 * slider would; the settings resource validates again.
 */
export function knobOverride(knob: Knob, raw: string | boolean): DeepPartial<PerformanceSettings> | Error {
  if (knob.kind === 'toggle') {
    if (typeof raw !== 'boolean') return new Error(`${knob.label}: expected on or off`);
    return knob.group === 'adaptive' ? { adaptive: { enabled: raw } } : { rendering: { [knob.field]: raw } };
  }
  if (typeof raw !== 'string') return new Error(`${knob.label}: expected text`);
  if (knob.kind === 'choice') {
    if (!knob.values.includes(raw)) return new Error(`${knob.label}: ${JSON.stringify(raw)} is not one of ${knob.values.join(', ')}`);
    return { rendering: { [knob.field]: raw } };
  }
  const value = Number(raw.trim());
  if (raw.trim() === '' || !Number.isFinite(value)) return new Error(`${knob.label}: ${JSON.stringify(raw)} is not a number`);
  const integer = (rendering[knob.field] as NumberRule).integer === true;
  const clamped = Math.min(knob.max, Math.max(knob.min, integer ? Math.round(value) : value));
  return { rendering: { [knob.field]: clamped } };
}
