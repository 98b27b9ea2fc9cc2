import { availableParallelism, cpus, platform, totalmem } from 'node:os';
import type { DetectedHardware } from './detected-hardware.ts';

/**
 * One-time probe in Node: logical CPUs and total memory. Node sees no GPU,
 * so chooseProfile never picks High from this alone (see choose-profile.ts).
 */
export function detectHardwareNode(): DetectedHardware {
  const hw: DetectedHardware = { source: 'node', platform: platform() };
  // cpus() can be empty where /proc is hidden; availableParallelism() still answers.
  const listed = cpus().length;
  const cores = listed > 0 ? listed : availableParallelism();
  if (cores > 0) hw.cpuCores = cores;
  const memoryMB = Math.round(totalmem() / (1024 * 1024));
  if (memoryMB > 0) hw.memoryMB = memoryMB;
  return hw;
}
