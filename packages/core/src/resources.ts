/**
 * Resources: the plain objects every system receives beside the world —
 * settings, frame time, camera, the message bus and stats. Nothing here is a
 * global. Later packages extend the shape:
 *
 *   interface ViewerResources extends Resources<MessageBus, PerformanceSettings> { textures: TextureCache }
 *   const resources: ViewerResources = { ...createResources({ settings, bus }), textures }
 */

export interface FrameTime {
  /** Timestamp passed to runFrame, in milliseconds. */
  nowMs: number;
  /** Milliseconds since the previous frame (0 on the first). */
  deltaMs: number;
  /** Frames completed before this one; 0 during the first. */
  frame: number;
}

export interface Camera {
  /** Column-major 4×4 view matrix. */
  readonly view: Float32Array;
  /** Column-major 4×4 projection matrix. */
  readonly projection: Float32Array;
  /** Eye position in region coordinates. */
  readonly position: Float32Array;
}

export interface FrameStats {
  /** Time spent inside the last runFrame, in milliseconds. */
  frameMs: number;
  /** Free-form numbers systems publish (draw calls, visible objects…); set keys once, then overwrite. */
  readonly counters: Record<string, number>;
}

export interface Resources<Bus = unknown, Settings = unknown> {
  settings: Settings;
  bus: Bus;
  readonly time: FrameTime;
  readonly camera: Camera;
  readonly stats: FrameStats;
}

const IDENTITY = [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1];

/** A camera at the origin with identity view and projection. */
export function createCamera(): Camera {
  return { view: new Float32Array(IDENTITY), projection: new Float32Array(IDENTITY), position: new Float32Array(3) };
}

export interface ResourcesInit<Bus, Settings> {
  readonly settings: Settings;
  readonly bus: Bus;
  readonly camera?: Camera;
}

export function createResources<Bus, Settings>(init: ResourcesInit<Bus, Settings>): Resources<Bus, Settings> {
  return {
    settings: init.settings,
    bus: init.bus,
    time: { nowMs: 0, deltaMs: 0, frame: 0 },
    camera: init.camera ?? createCamera(),
    stats: { frameMs: 0, counters: {} },
  };
}
