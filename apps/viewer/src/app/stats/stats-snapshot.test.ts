import { addSystem, createResources, createScheduler, getSystemTimings, runFrame } from '@slv/core';
import { describe, expect, it } from 'vitest';
import { createFrameRateMeter, createRateMeter, recordFrame } from './rate-meters.ts';
import { createStatsSnapshot, cullingLine, fillStatsSnapshot, formatStatsOverlay, type OverlayRenderStats, type StatsSources } from './stats-snapshot.ts';

function render(): OverlayRenderStats {
  return {
    drawCalls: 12, triangles: 34567, entitiesConsidered: 100, entitiesVisible: 60, entitiesFrustumCulled: 30, entitiesOcclusionCulled: 10,
    lightsInView: 5, lightsTotal: 9, clusterMaxLights: 3, clusterMeanLights: 1.5, hzbAvailable: true, hzbReason: '', frustumSimd: true, activeShaderTier: 'clustered', farPlane: 128,
    virtualTexturing: true, textureReason: '', vtTextures: 12, vtSlotsUsed: 40, vtSlots: 3969, vtPageUploads: 0, vtFeedback: true, vtFeedbackReadbacks: 9, vtFeedbackPages: 52,
  };
}

function sources(): StatsSources {
  let now = 0;
  const clock = (): number => (now += 0.5);
  const scheduler = createScheduler({}, createResources({ settings: {}, bus: {} }), { clock });
  // Added out of frame order: the snapshot lists them as they run.
  addSystem(scheduler, { name: 'render.draw', phase: 'render', run: () => {} });
  addSystem(scheduler, { name: 'world.create-queued', phase: 'network', run: () => {} });
  addSystem(scheduler, { name: 'render.cull', phase: 'culling', run: () => {} });
  runFrame(scheduler, 0);
  const frames = createFrameRateMeter();
  for (let i = 0; i <= 30; i++) recordFrame(frames, i * 20);
  return {
    stage: 'connected',
    profile: 'Balanced',
    drawDistance: 128,
    frames,
    cpuMs: scheduler.resources.stats.frameMs,
    timings: getSystemTimings(scheduler),
    counters: { 'world.objects': 42 },
    render: render(),
    circuit: { stats: { packetsIn: 0, packetsOut: 0 }, lastRttMs: Number.NaN, rttMs: Number.NaN, rttVarMs: Number.NaN },
    packetsIn: createRateMeter(1000),
    packetsOut: createRateMeter(1000),
    nowMs: 0,
    streamer: { wanted: 14, fetching: 2, waitingForDecode: 0, decoding: 1, missing: 0, bytesFetched: 1_234_000 },
  };
}

describe('stats snapshot', () => {
  it('gathers frame, system, render and network figures', () => {
    const s = sources();
    const snap = fillStatsSnapshot(createStatsSnapshot(), s);
    expect(snap.fps).toBeCloseTo(50, 6);
    expect(snap.frameMs).toBeCloseTo(20, 6);
    expect(snap.cpuMs).toBeGreaterThan(0);
    expect(snap.systems.map((r) => r.name)).toEqual(['world.create-queued', 'render.cull', 'render.draw']);
    expect(snap.systems[0]).toMatchObject({ phase: 'network', lastMs: 0.5, avgMs: 0.5, maxMs: 0.5 });
    expect(snap).toMatchObject({
      drawCalls: 12, triangles: 34567, entitiesVisible: 60, frustumCulled: 30, occlusionCulled: 10, lightsInView: 5,
      culling: 'hzb', hzbReason: '', frustumSimd: true, shaderTier: 'clustered', objects: 42, rttMs: null, srttMs: null, rttVarMs: null, stage: 'connected',
    });
    // Packet rates over the next second.
    s.circuit = { stats: { packetsIn: 500, packetsOut: 100 }, lastRttMs: 3.25, rttMs: 40.5, rttVarMs: 12.25 };
    s.nowMs = 1000;
    fillStatsSnapshot(snap, s);
    expect(snap.packetsInPerSec).toBe(500);
    expect(snap.packetsOutPerSec).toBe(100);
    // The latest ping is the headline; an arrival's slow first answer stays only in the smoothed estimate.
    expect(snap).toMatchObject({ rttMs: 3.25, srttMs: 40.5, rttVarMs: 12.25 });
    expect(formatStatsOverlay(snap)).toContain('rtt 3.25 ms (smoothed 40.5 ± 12.3)');
  });

  it('reports frustum-only culling with the reason, and no renderer', () => {
    const s = sources();
    s.render = { ...render(), hzbAvailable: false, hzbReason: 'off in settings (rendering.hzbOcclusion)', frustumSimd: true };
    const snap = fillStatsSnapshot(createStatsSnapshot(), s);
    expect(snap.culling).toBe('frustum');
    expect(formatStatsOverlay(snap)).toContain('\nculling: off-screen objects only (occlusion culling is off in Preferences)\n');
    expect(formatStatsOverlay(snap)).not.toContain('SIMD');
    // A reason the overlay has no words for is passed on; no SIMD is said as the slow path it is.
    expect(cullingLine({ culling: 'frustum', hzbReason: 'EXT_color_buffer_float missing', frustumSimd: false }))
      .toBe('culling: off-screen objects only (occlusion culling unavailable: EXT_color_buffer_float missing; slow path: no WebAssembly SIMD)');
    expect(cullingLine({ culling: 'hzb', hzbReason: '', frustumSimd: false })).toBe('culling: off-screen and hidden objects (slow path: no WebAssembly SIMD)');
    s.render = null;
    s.circuit = null;
    fillStatsSnapshot(snap, s);
    expect(snap).toMatchObject({ culling: 'frustum', hzbReason: 'no renderer', drawCalls: 0, packetsInPerSec: 0, rttMs: null });
  });

  it('says how the textures stream, or why faces are not textured', () => {
    const s = sources();
    const snap = fillStatsSnapshot(createStatsSnapshot(), s);
    expect(formatStatsOverlay(snap)).toContain('textures virtual (GPU feedback, 52 pages asked): 12 in 40 of 3969 pages  fetching 2  decoding 1  missing 0  1.2 MB fetched');
    // WebGL1, or before the first readback: the CPU's size estimate picks the pages.
    s.render = { ...render(), vtFeedback: false };
    fillStatsSnapshot(snap, s);
    expect(formatStatsOverlay(snap)).toContain('textures virtual (size estimate): 12 in 40 of 3969 pages');
    s.render = { ...render(), virtualTexturing: false, textureReason: 'WebGL1: the virtual texture needs WebGL2 (texelFetch, textureLod)' };
    s.streamer = null;
    fillStatsSnapshot(snap, s);
    expect(formatStatsOverlay(snap)).toContain('textures off (WebGL1: the virtual texture needs WebGL2 (texelFetch, textureLod))');
  });

  it('formats every figure the overlay promises', () => {
    const snap = fillStatsSnapshot(createStatsSnapshot(), sources());
    const text = formatStatsOverlay(snap);
    for (const needle of ['50.0 fps', '20.0 ms/frame', 'draws 12', 'triangles 34.6k', 'visible 60', 'frustum-culled 30', 'occlusion-culled 10',
      'culling: off-screen and hidden objects\n', 'lights in view 5 of 9', 'cluster max 3', 'pkt/s', 'rtt -', 'objects 42', 'render.cull']) {
      expect(text).toContain(needle);
    }
  });
});
