/**
 * The statistics overlay's numbers, gathered into one object a few times a
 * second (and on demand for tests through window.slvViewer): frame rate and
 * time, each system's CPU time from the scheduler's timings, what the
 * renderer drew and culled, lights and cluster occupancy, the network's
 * packet rates and round trip, whether occlusion culling (HZB) is active
 * or culling is frustum-only, and the textures: the virtual texture's fill
 * and the streamer's fetches and decodes.
 */
import type { PerformanceProfile } from '@slv/config';
import { PHASES, type SystemTimings } from '@slv/core';
import { framesPerSecond, meanFrameMs, sampleRate, type FrameRateMeter, type RateMeter } from './rate-meters.ts';

/** The renderer statistics the overlay shows (@slv/render's RenderStats has these fields). */
export interface OverlayRenderStats {
  drawCalls: number;
  triangles: number;
  entitiesConsidered: number;
  entitiesVisible: number;
  entitiesFrustumCulled: number;
  entitiesOcclusionCulled: number;
  lightsInView: number;
  lightsTotal: number;
  clusterMaxLights: number;
  clusterMeanLights: number;
  hzbAvailable: boolean;
  hzbReason: string;
  frustumSimd: boolean;
  activeShaderTier: string;
  farPlane: number;
  virtualTexturing: boolean;
  textureReason: string;
  vtTextures: number;
  vtSlotsUsed: number;
  vtSlots: number;
  vtPageUploads: number;
  vtFeedback: boolean;
  vtFeedbackReadbacks: number;
  vtFeedbackPages: number;
}

/** The texture streamer's counters the overlay shows (@slv/assets' TextureStreamerStats has these fields). */
export interface OverlayStreamerStats {
  wanted: number;
  fetching: number;
  waitingForDecode: number;
  decoding: number;
  missing: number;
  bytesFetched: number;
}

export interface SystemTime {
  name: string;
  phase: string;
  /** Milliseconds: last frame, mean and max over the timing window. */
  lastMs: number;
  avgMs: number;
  maxMs: number;
}

export type CullingMode = 'hzb' | 'frustum';

export interface StatsSnapshot {
  /** Session stage ('login', 'connected', ...), or 'offline' before a login. */
  stage: string;
  profile: PerformanceProfile;
  fps: number;
  /** Mean interval between animation frames, milliseconds. */
  frameMs: number;
  /** CPU time of the last runFrame, milliseconds. */
  cpuMs: number;
  /** In frame order. */
  systems: SystemTime[];
  drawCalls: number;
  triangles: number;
  entitiesConsidered: number;
  entitiesVisible: number;
  frustumCulled: number;
  occlusionCulled: number;
  lightsInView: number;
  lightsTotal: number;
  clusterMaxLights: number;
  clusterMeanLights: number;
  culling: CullingMode;
  /** Why HZB is not active ('' when it is). */
  hzbReason: string;
  /** Frustum culling ran in the WebAssembly SIMD kernel (else the scalar loop). */
  frustumSimd: boolean;
  shaderTier: string;
  drawDistance: number;
  /** Objects the world holds (the world.objects counter). */
  objects: number;
  packetsInPerSec: number;
  packetsOutPerSec: number;
  /**
   * The circuit's latest ping round trip (SL viewers' "Ping Sim"; a ping goes every 5 s),
   * or null before the first answer. It includes the time the answer waited for this
   * page's main thread, so it grows with long frames.
   */
  rttMs: number | null;
  /** The circuit's smoothed round trip and its variation (RFC 6298 SRTT and RTTVAR, from which the resend timeout comes). */
  srttMs: number | null;
  rttVarMs: number | null;
  /** Faces sample the virtual texture; why not when they do not. */
  virtualTexturing: boolean;
  textureReason: string;
  /** Textures in the virtual texture, its slots in use and in all. */
  vtTextures: number;
  vtSlotsUsed: number;
  vtSlots: number;
  /** Pages written into the atlas last frame (0 once every wanted page is in). */
  vtPageUploads: number;
  /** Which pages are wanted: the GPU feedback's (readbacks decoded, pages the last asked for), else the CPU size estimate's. */
  vtFeedback: boolean;
  vtFeedbackReadbacks: number;
  vtFeedbackPages: number;
  /** The streamer's textures wanted last frame, being fetched, being decoded, missing; bytes fetched (null: not streaming). */
  streamer: OverlayStreamerStats | null;
}

export interface StatsSources {
  stage: string;
  profile: PerformanceProfile;
  drawDistance: number;
  frames: FrameRateMeter;
  cpuMs: number;
  timings: SystemTimings;
  counters: Readonly<Record<string, number>>;
  render: OverlayRenderStats | null;
  circuit: {
    readonly stats: { readonly packetsIn: number; readonly packetsOut: number };
    readonly lastRttMs: number;
    readonly rttMs: number;
    readonly rttVarMs: number;
  } | null;
  packetsIn: RateMeter;
  packetsOut: RateMeter;
  nowMs: number;
  /** The texture streamer's counters, or null before it runs. */
  streamer: OverlayStreamerStats | null;
}

export function createStatsSnapshot(): StatsSnapshot {
  return {
    stage: 'offline',
    profile: 'Balanced',
    fps: 0,
    frameMs: 0,
    cpuMs: 0,
    systems: [],
    drawCalls: 0,
    triangles: 0,
    entitiesConsidered: 0,
    entitiesVisible: 0,
    frustumCulled: 0,
    occlusionCulled: 0,
    lightsInView: 0,
    lightsTotal: 0,
    clusterMaxLights: 0,
    clusterMeanLights: 0,
    culling: 'frustum',
    hzbReason: 'no renderer',
    frustumSimd: false,
    shaderTier: 'basic',
    drawDistance: 0,
    objects: 0,
    packetsInPerSec: 0,
    packetsOutPerSec: 0,
    rttMs: null,
    srttMs: null,
    rttVarMs: null,
    virtualTexturing: false,
    textureReason: 'no renderer',
    vtTextures: 0,
    vtSlotsUsed: 0,
    vtSlots: 0,
    vtPageUploads: 0,
    vtFeedback: false,
    vtFeedbackReadbacks: 0,
    vtFeedbackPages: 0,
    streamer: null,
  };
}

/** Overwrites `out` from the sources; the systems list grows only when systems were added. */
export function fillStatsSnapshot(out: StatsSnapshot, s: StatsSources): StatsSnapshot {
  out.stage = s.stage;
  out.profile = s.profile;
  out.fps = framesPerSecond(s.frames);
  out.frameMs = meanFrameMs(s.frames);
  out.cpuMs = s.cpuMs;
  const t = s.timings;
  while (out.systems.length < t.count) out.systems.push({ name: '', phase: '', lastMs: 0, avgMs: 0, maxMs: 0 });
  out.systems.length = t.count;
  // In frame order: phase by phase, and within a phase in the order systems were added (as they run).
  let k = 0;
  for (const phase of PHASES) {
    for (let i = 0; i < t.count; i++) {
      if (t.phases[i] !== phase) continue;
      const row = out.systems[k++]!;
      row.name = t.names[i]!;
      row.phase = phase;
      row.lastMs = t.last[i]!;
      row.avgMs = t.avg[i]!;
      row.maxMs = t.max[i]!;
    }
  }
  const r = s.render;
  out.drawCalls = r?.drawCalls ?? 0;
  out.triangles = r?.triangles ?? 0;
  out.entitiesConsidered = r?.entitiesConsidered ?? 0;
  out.entitiesVisible = r?.entitiesVisible ?? 0;
  out.frustumCulled = r?.entitiesFrustumCulled ?? 0;
  out.occlusionCulled = r?.entitiesOcclusionCulled ?? 0;
  out.lightsInView = r?.lightsInView ?? 0;
  out.lightsTotal = r?.lightsTotal ?? 0;
  out.clusterMaxLights = r?.clusterMaxLights ?? 0;
  out.clusterMeanLights = r?.clusterMeanLights ?? 0;
  out.culling = r?.hzbAvailable === true ? 'hzb' : 'frustum';
  out.hzbReason = r === null ? 'no renderer' : r.hzbReason;
  out.frustumSimd = r?.frustumSimd === true;
  out.shaderTier = r?.activeShaderTier ?? 'none';
  out.drawDistance = s.drawDistance;
  out.objects = s.counters['world.objects'] ?? 0;
  const c = s.circuit;
  out.packetsInPerSec = c === null ? 0 : sampleRate(s.packetsIn, c.stats.packetsIn, s.nowMs);
  out.packetsOutPerSec = c === null ? 0 : sampleRate(s.packetsOut, c.stats.packetsOut, s.nowMs);
  out.rttMs = c === null || !Number.isFinite(c.lastRttMs) ? null : c.lastRttMs;
  out.srttMs = c === null || !Number.isFinite(c.rttMs) ? null : c.rttMs;
  out.rttVarMs = c === null || !Number.isFinite(c.rttVarMs) ? null : c.rttVarMs;
  out.virtualTexturing = r?.virtualTexturing === true;
  out.textureReason = r === null ? 'no renderer' : r.textureReason;
  out.vtTextures = r?.vtTextures ?? 0;
  out.vtSlotsUsed = r?.vtSlotsUsed ?? 0;
  out.vtSlots = r?.vtSlots ?? 0;
  out.vtPageUploads = r?.vtPageUploads ?? 0;
  out.vtFeedback = r?.vtFeedback === true;
  out.vtFeedbackReadbacks = r?.vtFeedbackReadbacks ?? 0;
  out.vtFeedbackPages = r?.vtFeedbackPages ?? 0;
  out.streamer = s.streamer;
  return out;
}

function ms(value: number): string {
  return value >= 10 ? value.toFixed(1) : value.toFixed(2);
}

function count(value: number): string {
  return value >= 1e6 ? `${(value / 1e6).toFixed(2)}M` : value >= 1e4 ? `${(value / 1e3).toFixed(1)}k` : String(Math.round(value));
}

/** "12.0 ms (smoothed 30.5 ± 9.1)": the latest ping, then the circuit's estimate. */
function roundTrip(s: StatsSnapshot): string {
  if (s.rttMs === null) return '-';
  const smoothed = s.srttMs === null || s.rttVarMs === null ? '' : ` (smoothed ${ms(s.srttMs)} ± ${ms(s.rttVarMs)})`;
  return `${ms(s.rttMs)} ms${smoothed}`;
}

/**
 * "textures virtual (GPU feedback, 52 pages asked): 12 in 40 of 3969 pages  fetching 2  decoding 1  missing 0
 * 1.2 MB fetched", "(size estimate)" where the feedback pass does not run (WebGL1) or has not come back yet; or why not.
 */
function textureLine(s: StatsSnapshot): string {
  const path = s.vtFeedback ? `GPU feedback, ${count(s.vtFeedbackPages)} pages asked` : 'size estimate';
  const head = s.virtualTexturing ? `textures virtual (${path}): ${count(s.vtTextures)} in ${count(s.vtSlotsUsed)} of ${count(s.vtSlots)} pages` : `textures off (${s.textureReason})`;
  const t = s.streamer;
  if (t === null) return head;
  return `${head}  fetching ${t.fetching}  decoding ${t.decoding}  missing ${t.missing}  ${(t.bytesFetched / 1e6).toFixed(1)} MB fetched`;
}

// The renderer's reasons for frustum-only culling, as a user would say them.
const OCCLUSION_OFF_WORDS: Readonly<Record<string, string>> = {
  'off in settings (rendering.hzbOcclusion)': 'occlusion culling is off in Preferences',
  'waiting for the first depth pyramid': 'occlusion culling starts after the first frame',
  'needs WebGL2': 'occlusion culling needs WebGL2',
  'the camera projection is not a standard perspective': 'occlusion culling needs a perspective camera',
  'no renderer': 'no renderer',
  'not started': 'not started yet',
};

/**
 * "culling: off-screen and hidden objects" (HZB on), or "culling: off-screen
 * objects only (occlusion culling is off in Preferences)"; a slow scalar
 * frustum test (no WebAssembly SIMD) is said too.
 */
export function cullingLine(s: Pick<StatsSnapshot, 'culling' | 'hzbReason' | 'frustumSimd'>): string {
  const what = s.culling === 'hzb' ? 'off-screen and hidden objects' : 'off-screen objects only';
  const why = s.culling === 'hzb' || s.hzbReason === '' ? '' : OCCLUSION_OFF_WORDS[s.hzbReason] ?? `occlusion culling unavailable: ${s.hzbReason}`;
  const slow = s.frustumSimd ? '' : 'slow path: no WebAssembly SIMD';
  const notes = why !== '' && slow !== '' ? `${why}; ${slow}` : why + slow;
  return `culling: ${what}${notes === '' ? '' : ` (${notes})`}`;
}

/** The overlay's text: one line per group of figures, then one per system in frame order. */
export function formatStatsOverlay(s: StatsSnapshot): string {
  const lines = [
    `${s.fps.toFixed(1)} fps  ${ms(s.frameMs)} ms/frame  cpu ${ms(s.cpuMs)} ms`,
    `profile ${s.profile}  draw distance ${Math.round(s.drawDistance)} m  shaders ${s.shaderTier}`,
    `draws ${count(s.drawCalls)}  triangles ${count(s.triangles)}`,
    `entities ${count(s.entitiesConsidered)}: visible ${count(s.entitiesVisible)}  frustum-culled ${count(s.frustumCulled)}  occlusion-culled ${count(s.occlusionCulled)}`,
    cullingLine(s),
    `lights in view ${count(s.lightsInView)} of ${count(s.lightsTotal)}  cluster max ${s.clusterMaxLights}  mean ${s.clusterMeanLights.toFixed(1)}`,
    textureLine(s),
    `net ${s.stage}  in ${count(s.packetsInPerSec)} pkt/s  out ${count(s.packetsOutPerSec)} pkt/s  rtt ${roundTrip(s)}  objects ${count(s.objects)}`,
    'systems (ms: last / avg / max)',
  ];
  for (const row of s.systems) lines.push(`  ${row.name.padEnd(24)} ${ms(row.lastMs).padStart(6)} ${ms(row.avgMs).padStart(6)} ${ms(row.maxMs).padStart(6)}`);
  return lines.join('\n');
}
