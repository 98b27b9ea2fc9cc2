/**
 * First-launch profile choice from what detection found. The rules, in order
 * (the first that applies wins):
 *
 * 1. A software rasteriser (SwiftShader, llvmpipe, lavapipe, softpipe, WARP /
 *    "Microsoft Basic Render Driver") → Low: every pixel costs CPU time.
 * 2. Fewer than 4 logical CPUs or less than 4 GB of memory → Low: decode
 *    workers and caches would starve the main thread.
 * 3. A mobile GPU (Mali, Adreno, PowerVR, Tegra, Apple A-series, VideoCore)
 *    → Low.
 * 4. A discrete GPU (NVIDIA GeForce/Quadro/RTX, AMD Radeon RX/Pro, Intel Arc
 *    A-series) with MAX_TEXTURE_SIZE ≥ 16384 and ≥ 8 GB of memory → High.
 *    Memory must be *known* to be ≥ 8 GB: Firefox and Safari do not expose
 *    navigator.deviceMemory, so those users start on Balanced and the
 *    adaptive scaler steps them up when the frame rate has headroom.
 * 5. Everything else → Balanced. That includes integrated GPUs (Intel
 *    HD/UHD/Iris Xe, AMD APU "Radeon Graphics"/Vega/7x0M) and Apple M-series.
 *    Apple silicon is decided Balanced on purpose: its GPU shares memory with
 *    the system and Safari reports every model as "Apple GPU", so an M1 and
 *    an M3 Max look the same; the adaptive scaler finds the headroom.
 *    A GPU we cannot identify (masked renderer, or Node without a GPU) is
 *    also Balanced: never High without evidence.
 */
import type { DetectedHardware } from './detected-hardware.ts';
import type { PresetName } from './settings-types.ts';

export type GpuClass = 'software' | 'mobile' | 'apple' | 'integrated' | 'discrete' | 'unknown';

export interface ProfileChoice {
  profile: PresetName;
  gpuClass: GpuClass;
  /** One line for logs and the preferences window. */
  reason: string;
}

export const HIGH_MIN_TEXTURE_SIZE = 16384;
export const HIGH_MIN_MEMORY_MB = 8192;
export const LOW_MAX_MEMORY_MB = 4096; // below this → Low
export const LOW_MAX_CPU_CORES = 4; // below this → Low

const SOFTWARE = /swiftshader|llvmpipe|lavapipe|softpipe|software|basic render|\bwarp\b|mesa offscreen/;
const MOBILE = /\bmali\b|mali-|adreno|powervr|\bsgx\b|tegra|apple a\d+|videocore|vivante/;
const APPLE = /\bapple\b/;
const NVIDIA = /nvidia|geforce|quadro|\brtx\b|\bgtx\b|titan|tesla/;
const AMD = /\bamd\b|\bati\b|radeon|firepro/;
// APU graphics: "AMD Radeon(TM) Graphics", "Radeon Vega 8 Graphics", "Radeon 780M".
const AMD_INTEGRATED = /radeon\(tm\) graphics|radeon graphics|vega \d+ graphics|\b\d{3}m\b|radeon r\d graphics/;
const INTEL = /intel/;
const INTEL_DISCRETE = /\barc(\(tm\))? a\d{3}/;

/** Classifies a GPU from its WebGL renderer and vendor strings. */
export function classifyGpu(renderer: string | undefined, vendor: string | undefined): GpuClass {
  const s = `${renderer ?? ''} ${vendor ?? ''}`.toLowerCase().trim();
  if (s === '') return 'unknown';
  if (SOFTWARE.test(s)) return 'software';
  if (MOBILE.test(s)) return 'mobile';
  if (APPLE.test(s) && !NVIDIA.test(s) && !AMD.test(s) && !INTEL.test(s)) return 'apple';
  if (NVIDIA.test(s)) return 'discrete';
  if (AMD.test(s)) return AMD_INTEGRATED.test(s) ? 'integrated' : 'discrete';
  if (INTEL.test(s)) return INTEL_DISCRETE.test(s) ? 'discrete' : 'integrated';
  return 'unknown';
}

/** The profile for this hardware, with the rule that decided it. */
export function chooseProfileWithReason(hw: DetectedHardware): ProfileChoice {
  const gpuClass = classifyGpu(hw.gpuRenderer, hw.gpuVendor);
  if (gpuClass === 'software') {
    return { profile: 'Low', gpuClass, reason: `software renderer (${hw.gpuRenderer ?? hw.gpuVendor})` };
  }
  if (hw.cpuCores !== undefined && hw.cpuCores < LOW_MAX_CPU_CORES) {
    return { profile: 'Low', gpuClass, reason: `${hw.cpuCores} CPU cores (fewer than ${LOW_MAX_CPU_CORES})` };
  }
  if (hw.memoryMB !== undefined && hw.memoryMB < LOW_MAX_MEMORY_MB) {
    return { profile: 'Low', gpuClass, reason: `${hw.memoryMB} MB of memory (less than ${LOW_MAX_MEMORY_MB})` };
  }
  if (gpuClass === 'mobile') return { profile: 'Low', gpuClass, reason: `mobile GPU (${hw.gpuRenderer})` };
  if (gpuClass === 'discrete') {
    const textureOk = (hw.maxTextureSize ?? 0) >= HIGH_MIN_TEXTURE_SIZE;
    const memoryOk = (hw.memoryMB ?? 0) >= HIGH_MIN_MEMORY_MB;
    if (textureOk && memoryOk) {
      return { profile: 'High', gpuClass, reason: `discrete GPU (${hw.gpuRenderer}) with ${hw.maxTextureSize} textures and ${hw.memoryMB} MB` };
    }
    const missing = !textureOk
      ? `max texture size ${hw.maxTextureSize ?? 'unknown'} < ${HIGH_MIN_TEXTURE_SIZE}`
      : `memory ${hw.memoryMB ?? 'unknown'} MB < ${HIGH_MIN_MEMORY_MB}`;
    return { profile: 'Balanced', gpuClass, reason: `discrete GPU but ${missing}` };
  }
  const what =
    gpuClass === 'integrated'
      ? `integrated GPU (${hw.gpuRenderer})`
      : gpuClass === 'apple'
        ? `Apple GPU (${hw.gpuRenderer})`
        : 'GPU not identified';
  return { profile: 'Balanced', gpuClass, reason: what };
}

export function chooseProfile(hw: DetectedHardware): PresetName {
  return chooseProfileWithReason(hw).profile;
}
