/**
 * What one-time hardware detection found. Plain JSON so it can be stored in
 * the settings file (a record of why a profile was chosen).
 */
import { isPlainObject } from './merge-settings.ts';
import type { SettingsProblem } from './settings-types.ts';

export interface DetectedHardware {
  /** Where the facts came from: a WebGL context, the browser without one, Node's os module, or nothing. */
  source: 'webgl' | 'browser' | 'node' | 'none';
  /** UNMASKED_RENDERER_WEBGL (or RENDERER when the extension is missing). */
  gpuRenderer?: string;
  /** UNMASKED_VENDOR_WEBGL (or VENDOR). */
  gpuVendor?: string;
  /** MAX_TEXTURE_SIZE, texels. */
  maxTextureSize?: number;
  webglVersion?: 1 | 2;
  /** System memory, MB (browsers round navigator.deviceMemory down and cap it at 8 GB). */
  memoryMB?: number;
  /** Logical processors. */
  cpuCores?: number;
  /** os.platform() in Node, navigator.platform in browsers. */
  platform?: string;
}

const SOURCES: readonly string[] = ['webgl', 'browser', 'node', 'none'];
const MAX_STRING = 512;

type Check = (value: unknown) => string | null;

const text: Check = (v) =>
  typeof v === 'string' && v.length <= MAX_STRING ? null : `must be a string of at most ${MAX_STRING} characters`;
const positiveInt =
  (max: number): Check =>
  (v) =>
    typeof v === 'number' && Number.isInteger(v) && v > 0 && v <= max ? null : `must be an integer between 1 and ${max}`;

const FIELDS: Record<Exclude<keyof DetectedHardware, 'source'>, Check> = {
  gpuRenderer: text,
  gpuVendor: text,
  maxTextureSize: positiveInt(1 << 20),
  webglVersion: (v) => (v === 1 || v === 2 ? null : 'must be 1 or 2'),
  memoryMB: positiveInt(1 << 30),
  cpuCores: positiveInt(1 << 16),
  platform: text,
};

/** Checks a stored hardware record field by field; invalid fields are dropped and reported. */
export function validateHardware(
  input: unknown,
  path = 'hardware',
): { hardware: DetectedHardware | undefined; problems: SettingsProblem[] } {
  const problems: SettingsProblem[] = [];
  if (input === undefined) return { hardware: undefined, problems };
  if (!isPlainObject(input)) {
    problems.push({ path, value: input, reason: 'must be an object' });
    return { hardware: undefined, problems };
  }
  const source = input['source'];
  const hardware: DetectedHardware = { source: 'none' };
  if (typeof source === 'string' && SOURCES.includes(source)) hardware.source = source as DetectedHardware['source'];
  else problems.push({ path: `${path}.source`, value: source, reason: `must be one of ${SOURCES.map((s) => `'${s}'`).join(', ')}` });
  const out = hardware as unknown as Record<string, unknown>;
  for (const key of Object.keys(input)) {
    if (key === 'source') continue;
    const value = input[key];
    // Own keys only: a stored key such as "hasOwnProperty" must not find Object.prototype's.
    const check = Object.hasOwn(FIELDS, key) ? (FIELDS as Record<string, Check>)[key] : undefined;
    if (check === undefined) {
      problems.push({ path: `${path}.${key}`, value, reason: 'unknown field (ignored)' });
    } else if (value !== undefined) {
      const reason = check(value);
      if (reason === null) out[key] = value;
      else problems.push({ path: `${path}.${key}`, value, reason });
    }
  }
  return { hardware, problems };
}
