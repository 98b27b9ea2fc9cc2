/**
 * The knobs the Preferences window shows, as data: each names its settings
 * field, its label and its control, and takes its range from the settings
 * schema, so the window can neither offer a value validation would refuse
 * nor drift from the schema.
 */
import { SETTINGS_SCHEMA, type DeepPartial, type NumberRule, type PerformanceSettings } from '@slv/config';

export type KnobGroup = 'rendering' | 'adaptive' | 'memory' | 'assets';
/** The groups whose numbers a slider sets. */
export type NumberGroup = 'rendering' | 'memory' | 'assets';

/** The window's sections, in order. */
export const KNOB_SECTIONS = ['Rendering', 'Memory', 'Assets', 'Adaptive'] as const;
export type KnobSection = (typeof KNOB_SECTIONS)[number];

interface KnobBase {
  readonly id: string;
  readonly label: string;
  readonly section: KnobSection;
}

export interface NumberKnob extends KnobBase {
  readonly kind: 'number';
  readonly group: NumberGroup;
  readonly field: string;
  readonly min: number;
  readonly max: number;
  readonly step: number;
  readonly unit: string;
}

export interface ChoiceKnob extends KnobBase {
  readonly kind: 'choice';
  readonly group: 'rendering' | 'assets';
  readonly field: string;
  readonly values: readonly string[];
  /** The values are numbers (as maxTextureSize's powers of two). */
  readonly numeric: boolean;
}

export interface ToggleKnob extends KnobBase {
  readonly kind: 'toggle';
  readonly group: 'rendering' | 'adaptive';
  readonly field: string;
}

export type Knob = NumberKnob | ChoiceKnob | ToggleKnob;

const SECTION_OF: Readonly<Record<KnobGroup, KnobSection>> = { rendering: 'Rendering', memory: 'Memory', assets: 'Assets', adaptive: 'Adaptive' };

function numberRule(group: NumberGroup, field: string): NumberRule {
  const rule = (SETTINGS_SCHEMA[group] as Record<string, unknown>)[field] as NumberRule | undefined;
  if (rule?.kind !== 'number') throw new Error(`preference knob: ${group}.${field} is not a number in the settings schema`);
  return rule;
}

function numberKnob(id: string, label: string, group: NumberGroup, field: string, step: number, unit: string): NumberKnob {
  const rule = numberRule(group, field);
  return { id, label, section: SECTION_OF[group], kind: 'number', group, field, min: rule.min, max: rule.max, step, unit };
}

function choiceKnob(id: string, label: string, field: 'shaderTier' | 'textureFiltering' | 'glow'): ChoiceKnob {
  return { id, label, section: 'Rendering', kind: 'choice', group: 'rendering', field, values: SETTINGS_SCHEMA.rendering[field].values, numeric: false };
}

/** Powers of two from the rule's min to its max, as text. */
function powersOfTwo(rule: NumberRule): string[] {
  const out: string[] = [];
  for (let v = rule.min; v <= rule.max; v *= 2) out.push(String(v));
  return out;
}

export const KNOBS: readonly Knob[] = Object.freeze([
  numberKnob('draw-distance', 'Draw distance', 'rendering', 'drawDistance', 8, 'm'),
  choiceKnob('shader-tier', 'Shader tier', 'shaderTier'),
  choiceKnob('texture-filtering', 'Texture filtering', 'textureFiltering'),
  numberKnob('max-lights', 'Max lights', 'rendering', 'maxLocalLights', 1, ''),
  numberKnob('lod-factor', 'LOD factor', 'rendering', 'volumeLodFactor', 0.125, '×'),
  choiceKnob('glow', 'Glow', 'glow'),
  numberKnob('impostor-distance', 'Impostors beyond', 'rendering', 'impostorDistance', 4, 'm'),
  numberKnob('full-avatars', 'Avatars drawn in full', 'rendering', 'maxNonImpostorAvatars', 1, ''),
  { id: 'hzb', label: 'Occlusion culling (HZB)', section: 'Rendering', kind: 'toggle', group: 'rendering', field: 'hzbOcclusion' },
  numberKnob('virtual-texture-cache', 'Virtual texture cache', 'memory', 'virtualTextureCacheMB', 64, 'MB'),
  numberKnob('texture-ram', 'Decoded textures in RAM', 'memory', 'textureCacheRamMB', 64, 'MB'),
  numberKnob('texture-vram', 'GPU texture memory', 'memory', 'textureCacheVramMB', 64, 'MB'),
  numberKnob('mesh-cache', 'Mesh cache', 'memory', 'meshCacheMB', 16, 'MB'),
  numberKnob('decode-workers', 'Texture decode workers', 'assets', 'decodeWorkers', 1, ''),
  numberKnob('mesh-simplification', 'Mesh simplification', 'assets', 'simplificationAggressiveness', 0.05, ''),
  {
    id: 'max-texture-size', label: 'Largest texture', section: 'Assets', kind: 'choice', group: 'assets', field: 'maxTextureSize',
    values: powersOfTwo(SETTINGS_SCHEMA.assets.maxTextureSize as NumberRule), numeric: true,
  },
  { id: 'adaptive', label: 'Adaptive scaling', section: 'Adaptive', kind: 'toggle', group: 'adaptive', field: 'enabled' },
] satisfies Knob[]);

export type KnobValue = number | string | boolean;

/** The knob's current value in `settings`. */
export function readKnob(settings: PerformanceSettings, knob: Knob): KnobValue {
  const value = (settings[knob.group] as unknown as Record<string, KnobValue>)[knob.field]!;
  return knob.kind === 'choice' && knob.numeric ? String(value) : value;
}

/**
 * The override that sets the knob from a control's raw value (the text of an
 * input or select, or a checkbox state), or an Error saying why it cannot.
 * Numbers are clamped into the schema's range and integers rounded, as a
 * slider would; the settings resource validates again.
 */
export function knobOverride(knob: Knob, raw: string | boolean): DeepPartial<PerformanceSettings> | Error {
  const override = (value: KnobValue): DeepPartial<PerformanceSettings> => ({ [knob.group]: { [knob.field]: value } }) as DeepPartial<PerformanceSettings>;
  if (knob.kind === 'toggle') {
    if (typeof raw !== 'boolean') return new Error(`${knob.label}: expected on or off`);
    return override(raw);
  }
  if (typeof raw !== 'string') return new Error(`${knob.label}: expected text`);
  if (knob.kind === 'choice') {
    if (!knob.values.includes(raw)) return new Error(`${knob.label}: ${JSON.stringify(raw)} is not one of ${knob.values.join(', ')}`);
    return override(knob.numeric ? Number(raw) : raw);
  }
  const value = Number(raw.trim());
  if (raw.trim() === '' || !Number.isFinite(value)) return new Error(`${knob.label}: ${JSON.stringify(raw)} is not a number`);
  const integer = numberRule(knob.group, knob.field).integer === true;
  return override(Math.min(knob.max, Math.max(knob.min, integer ? Math.round(value) : value)));
}
