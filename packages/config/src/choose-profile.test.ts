import { describe, expect, it } from 'vitest';
import { chooseProfile, chooseProfileWithReason, classifyGpu } from './choose-profile.ts';
import type { DetectedHardware } from './detected-hardware.ts';

const webgl = (gpuRenderer: string, gpuVendor: string, extra: Partial<DetectedHardware> = {}): DetectedHardware => ({
  source: 'webgl',
  gpuRenderer,
  gpuVendor,
  maxTextureSize: 16384,
  memoryMB: 8192,
  cpuCores: 8,
  ...extra,
});

const SWIFTSHADER = 'ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero) (0x0000C0DE)), SwiftShader driver)';
const LLVMPIPE = 'llvmpipe (LLVM 15.0.7, 256 bits)';
const INTEL_UHD = 'ANGLE (Intel, Intel(R) UHD Graphics 630 (0x00003E92) Direct3D11 vs_5_0 ps_5_0, D3D11)';
const RTX_4080 = 'ANGLE (NVIDIA, NVIDIA GeForce RTX 4080 (0x00002704) Direct3D11 vs_5_0 ps_5_0, D3D11)';

describe('chooseProfile', () => {
  it('picks Low for software renderers, even on a big machine', () => {
    expect(chooseProfile(webgl(SWIFTSHADER, 'Google Inc. (Google)', { memoryMB: 32768, cpuCores: 32 }))).toBe('Low');
    expect(chooseProfile(webgl(LLVMPIPE, 'Mesa'))).toBe('Low');
    expect(chooseProfile(webgl('Microsoft Basic Render Driver', 'Microsoft'))).toBe('Low');
  });

  it('picks Balanced for integrated GPUs', () => {
    expect(chooseProfile(webgl(INTEL_UHD, 'Google Inc. (Intel)', { memoryMB: 16384 }))).toBe('Balanced');
    expect(chooseProfile(webgl('AMD Radeon(TM) Graphics', 'AMD'))).toBe('Balanced');
    expect(chooseProfile(webgl('ANGLE (AMD, AMD Radeon 780M Graphics Direct3D11)', 'Google Inc. (AMD)'))).toBe('Balanced');
  });

  it('picks Balanced for Apple M-series by decision', () => {
    const choice = chooseProfileWithReason(webgl('ANGLE (Apple, ANGLE Metal Renderer: Apple M2 Max, Unspecified Version)', 'Google Inc. (Apple)'));
    expect(choice).toMatchObject({ profile: 'Balanced', gpuClass: 'apple' });
    expect(chooseProfile(webgl('Apple GPU', 'Apple Inc.'))).toBe('Balanced');
  });

  it('picks High for a discrete GPU with 16384 textures and 8 GB', () => {
    const choice = chooseProfileWithReason(webgl(RTX_4080, 'Google Inc. (NVIDIA)'));
    expect(choice.profile).toBe('High');
    expect(choice.gpuClass).toBe('discrete');
    expect(choice.reason).toContain('RTX 4080');
    expect(chooseProfile(webgl('AMD Radeon RX 6800 XT', 'ATI Technologies Inc.', { maxTextureSize: 32768 }))).toBe('High');
    expect(chooseProfile(webgl('Intel(R) Arc(TM) A770 Graphics', 'Intel'))).toBe('High');
  });

  it('keeps a discrete GPU on Balanced without proof of memory or texture size', () => {
    expect(chooseProfile(webgl(RTX_4080, 'NVIDIA', { memoryMB: undefined }))).toBe('Balanced'); // Firefox/Safari
    expect(chooseProfile(webgl(RTX_4080, 'NVIDIA', { maxTextureSize: 8192 }))).toBe('Balanced');
  });

  it('picks Low for little memory, few cores or a mobile GPU', () => {
    expect(chooseProfile(webgl(RTX_4080, 'NVIDIA', { memoryMB: 2048 }))).toBe('Low');
    expect(chooseProfile(webgl(INTEL_UHD, 'Intel', { cpuCores: 2 }))).toBe('Low');
    expect(chooseProfile(webgl('Mali-G78 MP24', 'ARM'))).toBe('Low');
    expect(chooseProfile(webgl('Adreno (TM) 740', 'Qualcomm'))).toBe('Low');
  });

  it('picks Balanced when nothing identifies the GPU (Node, masked renderer)', () => {
    expect(chooseProfile({ source: 'node', cpuCores: 16, memoryMB: 65536 })).toBe('Balanced');
    expect(chooseProfile({ source: 'none' })).toBe('Balanced');
    expect(chooseProfile(webgl('WebKit WebGL', 'WebKit'))).toBe('Balanced');
  });
});

describe('classifyGpu', () => {
  it('tells discrete from integrated within a vendor', () => {
    expect(classifyGpu('AMD Radeon Pro 5500M OpenGL Engine', 'ATI')).toBe('discrete');
    expect(classifyGpu('AMD Radeon RX 6800M', 'AMD')).toBe('discrete');
    expect(classifyGpu('Radeon Vega 8 Graphics', 'AMD')).toBe('integrated');
    expect(classifyGpu('Intel(R) Iris(R) Xe Graphics', 'Intel')).toBe('integrated');
    expect(classifyGpu('Intel(R) Arc(TM) Graphics', 'Intel')).toBe('integrated');
    expect(classifyGpu('Apple A15 GPU', 'Apple Inc.')).toBe('mobile');
    expect(classifyGpu(undefined, undefined)).toBe('unknown');
  });
});
