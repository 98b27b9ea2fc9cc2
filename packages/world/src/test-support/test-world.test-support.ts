/**
 * Test support: an engine world with ingestion wired to a message bus and a
 * scheduler, a controllable clock, and replay of captured datagrams through
 * the real packet decoder and bus.
 */
import { readFileSync } from 'node:fs';
import { PerformanceSettingsResource } from '@slv/config';
import type { DeepPartial, PerformanceSettings } from '@slv/config';
import { addSystems, createEngineWorld, createResources, createScheduler, runFrame } from '@slv/core';
import type { EngineWorld, Resources, Scheduler } from '@slv/core';
import { MessageBus } from '@slv/net';
import type { MessageSource } from '@slv/net';
import { createPacketDecoder } from '@slv/protocol';
import { createWorldIngestion } from '../ingestion/create-world-ingestion.ts';
import { WORLD_SYSTEMS } from '../systems/world-systems.ts';
import type { WorldIngestion } from '../ingestion/world-ingestion.ts';
import type { IngestionError } from '../ingestion/ingestion-error.ts';
import type { RequestObjects } from '../tables/object-requests.ts';

export interface CaptureLine {
  readonly t: number;
  readonly dir: string;
  readonly msg: string;
  readonly hex: string;
}

export function readCapture(path: string): CaptureLine[] {
  return readFileSync(path, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as CaptureLine);
}

export function hexBytes(hex: string): Uint8Array {
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return out;
}

export interface Request {
  readonly regionIndex: number;
  readonly ids: number[];
  readonly types: number[];
}

/** The resources a world test runs with: the engine's, with the ingestion. */
export interface TestResources extends Resources<MessageBus, PerformanceSettingsResource> {
  readonly ingestion: WorldIngestion;
}

export interface TestWorld {
  readonly world: EngineWorld;
  readonly settings: PerformanceSettingsResource;
  readonly resources: TestResources;
  readonly scheduler: Scheduler<EngineWorld, TestResources>;
  readonly bus: MessageBus;
  readonly ingestion: WorldIngestion;
  readonly source: MessageSource;
  readonly requests: Request[];
  readonly errors: IngestionError[];
  /** The ingestion clock; set `clock.now` to move time. */
  readonly clock: { now: number };
  /** Decodes a whole datagram and dispatches it on the bus. */
  dispatch(datagram: Uint8Array): void;
  /** Runs one frame at clock.now. */
  frame(): void;
}

export interface TestWorldOptions {
  readonly capacity?: number;
  readonly overrides?: DeepPartial<PerformanceSettings>;
  readonly cacheBytes?: number;
  readonly pendingBytes?: number;
  readonly requestObjects?: RequestObjects;
  readonly dormantEntities?: number;
}

export function createTestWorld(options: TestWorldOptions = {}): TestWorld {
  const settings = new PerformanceSettingsResource(options.overrides ? { profile: 'Custom', base: 'Balanced', overrides: options.overrides } : {});
  const world = createEngineWorld({ capacity: options.capacity ?? 1024 });
  const bus = new MessageBus();
  bus.onHandlerError = (error) => {
    throw error;
  };
  const clock = { now: 1000 };
  const requests: Request[] = [];
  const errors: IngestionError[] = [];
  const { ingestion } = createWorldIngestion(world, settings.settings, {
    bus,
    clock: () => clock.now,
    onError: (error) => errors.push(error),
    requestObjects:
      options.requestObjects ??
      ((regionIndex, ids, types, count) => requests.push({ regionIndex, ids: [...ids.subarray(0, count)], types: [...types.subarray(0, count)] })),
    ...(options.cacheBytes === undefined ? {} : { cacheBytes: options.cacheBytes }),
    ...(options.pendingBytes === undefined ? {} : { pendingBytes: options.pendingBytes }),
    ...(options.dormantEntities === undefined ? {} : { dormantEntities: options.dormantEntities }),
  });
  const resources: TestResources = { ...createResources({ settings, bus }), ingestion };
  const scheduler = createScheduler(world, resources);
  addSystems(scheduler, WORLD_SYSTEMS);
  const decoder = createPacketDecoder();
  const source: MessageSource = { label: 'test-sim' };
  return {
    world,
    settings,
    resources,
    scheduler,
    bus,
    ingestion,
    source,
    requests,
    errors,
    clock,
    dispatch(datagram) {
      if (!decoder.decode(datagram)) throw new Error(`test datagram does not decode: ${decoder.error}`);
      bus.dispatch(decoder, source);
    },
    frame() {
      runFrame(scheduler, clock.now);
    },
  };
}

/** Every component array's slot of `eid` (update times aside), for comparing two worlds' copies of one object. */
export function componentSnapshot(t: TestWorld, eid: number): Record<string, number[]> {
  const out: Record<string, number[]> = {};
  for (const [name, component] of Object.entries(t.ingestion.components)) {
    for (const [field, array] of Object.entries(component as Record<string, ArrayLike<number>>)) {
      const stride = array.length / t.ingestion.capacity;
      if (name === 'motion' && field === 'updateTimeMs') continue;
      out[`${name}.${field}`] = Array.from({ length: stride }, (_, k) => array[eid * stride + k]!);
    }
  }
  return out;
}
