/**
 * What each settings field accepts. The `SchemaOf` mapping makes the compiler
 * insist that every field of `PerformanceSettings` has a rule here.
 */
import type { PerformanceSettings } from './settings-types.ts';

export interface NumberRule {
  kind: 'number';
  min: number;
  max: number;
  integer?: boolean;
  powerOfTwo?: boolean;
}

export interface BooleanRule {
  kind: 'boolean';
}

export interface EnumRule<T extends string = string> {
  kind: 'enum';
  values: readonly T[];
}

export type FieldRule = NumberRule | BooleanRule | EnumRule;

export type SchemaOf<T> = {
  [K in keyof T]-?: T[K] extends number
    ? NumberRule
    : T[K] extends boolean
      ? BooleanRule
      : T[K] extends string
        ? EnumRule<T[K]>
        : SchemaOf<T[K]>;
};

const int = (min: number, max: number): NumberRule => ({ kind: 'number', min, max, integer: true });
const num = (min: number, max: number): NumberRule => ({ kind: 'number', min, max });
const bool: BooleanRule = { kind: 'boolean' };
const fraction = num(0, 1);

export const SETTINGS_SCHEMA: SchemaOf<PerformanceSettings> = {
  rendering: {
    drawDistance: num(16, 1024),
    shaderTier: { kind: 'enum', values: ['basic', 'clustered'] },
    textureFiltering: { kind: 'enum', values: ['bilinear', 'trilinear', 'anisotropic'] },
    anisotropy: int(1, 16),
    maxLocalLights: int(0, 16384),
    lightsPerCluster: int(1, 256),
    clusterGrid: { x: int(1, 64), y: int(1, 64), z: int(1, 128) },
    volumeLodFactor: num(0.5, 8),
    impostorDistance: num(0, 1024),
    maxNonImpostorAvatars: int(0, 1024),
    hzbOcclusion: bool,
    glow: { kind: 'enum', values: ['off', 'normal', 'wide'] },
    renderScale: num(0.25, 2),
  },
  memory: {
    textureCacheVramMB: int(64, 65536),
    textureCacheRamMB: int(64, 65536),
    meshCacheMB: int(16, 65536),
    virtualTextureCacheMB: int(0, 65536),
  },
  assets: {
    decodeWorkers: int(1, 64),
    simplificationAggressiveness: fraction,
    maxTextureSize: { kind: 'number', min: 256, max: 16384, integer: true, powerOfTwo: true },
  },
  network: {
    ackCollectionMs: int(0, 1000),
    appendedAcks: bool,
    agentUpdateHz: num(1, 125),
    throttleKbps: num(100, 10000),
    throttleSplit: {
      resend: fraction,
      land: fraction,
      wind: fraction,
      cloud: fraction,
      task: fraction,
      texture: fraction,
      asset: fraction,
    },
    reorderWindowMs: int(0, 2000),
  },
  world: {
    entityCapacity: int(1024, 4194304),
    entityCreationBudgetPerFrame: int(1, 100000),
    interpolation: bool,
  },
  adaptive: {
    enabled: bool,
    targetFps: num(10, 240),
    minProfile: { kind: 'enum', values: ['Low', 'Balanced', 'High'] },
    memoryBudgetMB: int(0, 1048576),
  },
};

/** Allowed deviation of the throttle split's sum from 1. */
export const THROTTLE_SPLIT_TOLERANCE = 0.01;

export function isRule(node: unknown): node is FieldRule {
  return typeof node === 'object' && node !== null && typeof (node as { kind?: unknown }).kind === 'string';
}

/** Why `value` breaks `rule`, or null when it is acceptable. */
export function checkRule(rule: FieldRule, value: unknown): string | null {
  switch (rule.kind) {
    case 'boolean':
      return typeof value === 'boolean' ? null : 'must be true or false';
    case 'enum':
      return typeof value === 'string' && (rule.values as readonly string[]).includes(value)
        ? null
        : `must be one of ${rule.values.map((v) => `'${v}'`).join(', ')}`;
    case 'number': {
      const ok =
        typeof value === 'number' &&
        Number.isFinite(value) &&
        value >= rule.min &&
        value <= rule.max &&
        (!rule.integer || Number.isInteger(value)) &&
        (!rule.powerOfTwo || (value > 0 && (value & (value - 1)) === 0));
      if (ok) return null;
      const what = rule.powerOfTwo ? 'a power of two' : rule.integer ? 'an integer' : 'a number';
      return `must be ${what} between ${rule.min} and ${rule.max}`;
    }
  }
}
