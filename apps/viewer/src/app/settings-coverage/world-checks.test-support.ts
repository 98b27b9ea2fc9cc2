/**
 * Coverage checks of PerformanceSettings.world and .adaptive: world
 * ingestion and the world systems (through the scheduler) over objects the
 * simulator's encoder wrote, and the adaptive scaler fed frame times.
 */
import { createAdaptiveScaler, type PerformanceSettingsResource } from '@slv/config';
import { addSystems, createResources, createScheduler, runFrame } from '@slv/core';
import { createObjectWorld, createWorldIngestion, liveObjects, WORLD_SYSTEMS } from '@slv/world';
import type { FieldChecks } from './field-checks.test-support.ts';
import { dispatchScene, sceneWorld, type RenderScene } from './render-scene.test-support.ts';

/** The ingestion after `scene` arrived at 1 s and after the world systems ran at each of `frameTimes` (ms). */
function ingestAndRun(settings: PerformanceSettingsResource, scene: RenderScene, frameTimes: readonly number[], afterEach: (objects: number) => void = () => {}) {
  const clock = { now: 1000 };
  const { world, bus, ingestion } = sceneWorld(settings, () => clock.now);
  const scheduler = createScheduler(world, { ...createResources({ settings, bus }), ingestion });
  addSystems(scheduler, WORLD_SYSTEMS);
  dispatchScene(bus, scene);
  afterEach(ingestion.entities.objectCount);
  for (const t of frameTimes) {
    clock.now = t;
    runFrame(scheduler, t);
    afterEach(ingestion.entities.objectCount);
  }
  return ingestion;
}

const TWENTY: RenderScene = { prims: Array.from({ length: 20 }, (_, i) => ({ position: [20 + i * 5, 50, 25] as [number, number, number] })) };

/** The profile the adaptive scaler (default options) leaves after 200 frames of `frameMs` with `memoryMB` in use. */
const profileAfter = (frameMs: number, memoryMB: number) => (settings: PerformanceSettingsResource): string => {
  const scaler = createAdaptiveScaler(settings);
  for (let i = 1; i <= 200; i++) scaler.sample(frameMs, memoryMB, i * frameMs);
  scaler.dispose();
  return settings.profile;
};

export const WORLD_CHECKS: FieldChecks = {
  'world.entityCapacity': {
    sees: 'createObjectWorld and its ingestion: entity slots allocated',
    to: 1024,
    observe: (s) => {
      const world = createObjectWorld(s.settings);
      return { world: world.capacity, ingestion: createWorldIngestion(world, s.settings).ingestion.capacity };
    },
  },
  'world.entityCreationBudgetPerFrame': {
    sees: 'ingestion and world.create-queued: objects created on arrival and after each frame',
    to: 5,
    observe: (s) => {
      const counts: number[] = [];
      ingestAndRun(s, TWENTY, [1016, 1032], (n) => counts.push(n));
      return counts;
    },
  },
  'world.interpolation': {
    sees: "world.interpolate: a moving object's world x half a second after its update",
    to: false,
    observe: (s) => {
      const ingestion = ingestAndRun(s, { prims: [{ position: [100, 100, 25] }], velocity: [2, 0, 0] }, [1500]);
      const [eid] = liveObjects(ingestion);
      return ingestion.components.world.position[eid! * 3];
    },
  },
};

export const ADAPTIVE_CHECKS: FieldChecks = {
  'adaptive.enabled': { sees: 'the scaler: the profile after slow frames (100 ms)', to: false, observe: profileAfter(100, Number.NaN) },
  'adaptive.targetFps': { sees: 'the scaler: the profile after 40 ms frames', to: 60, observe: profileAfter(40, Number.NaN) },
  'adaptive.minProfile': { sees: 'the scaler: the profile after slow frames (100 ms)', to: 'Balanced', observe: profileAfter(100, Number.NaN) },
  'adaptive.memoryBudgetMB': { sees: 'the scaler: the profile after 30 ms frames using 3000 MB', to: 2048, observe: profileAfter(30, 3000) },
};
