#!/usr/bin/env node
// A recorded session, replayed into a world with no network at all: every
// datagram the simulator sent is decoded, dispatched on a MessageBus and
// ingested by @slv/world, and the world systems run at the capture's pace
// (as fast as they can). Prints the objects as they arrive and leave, then
// the world at the end. Plain Node, the published packages only.
//
//   node replay.mjs session.udp.jsonl
//
// The .jsonl format is one datagram a line: {"t": seconds, "dir": "sim->client",
// "hex": "…"}, as in the slv repository's fixtures/opensim-0.9.2.2 (recorded
// from OpenSimulator 0.9.2.2); `slv dissect` reads the same files.
import { readFileSync } from 'node:fs';
import { PerformanceSettingsResource } from '@slv/config';
import { addSystems, createResources, createScheduler, runFrame } from '@slv/core';
import { MessageBus } from '@slv/net';
import { createPacketDecoder, PCode } from '@slv/protocol';
import { createObjectWorld, createWorldIngestion, liveObjects, setSourceRegion, WORLD_SYSTEMS } from '@slv/world';

const file = process.argv[2];
if (!file) {
  console.error('usage: node replay.mjs SESSION.udp.jsonl');
  process.exit(2);
}

const settings = new PerformanceSettingsResource({ profile: 'Low' });
const bus = new MessageBus();
const world = createObjectWorld(settings.settings);
const { ingestion } = createWorldIngestion(world, settings.settings, { bus });
const scheduler = createScheduler(world, { ...createResources({ settings, bus }), ingestion });
addSystems(scheduler, WORLD_SYSTEMS);

// One simulator, one source. KillObject and LayerData name no region: the
// first ObjectUpdate's region handle says which region this source is.
const source = { label: 'recording' };
let regionKnown = false;
bus.on('ObjectUpdate', (update) => {
  if (regionKnown) return;
  regionKnown = true;
  setSourceRegion(ingestion, source, update.RegionData.RegionHandleHigh(), update.RegionData.RegionHandleLow());
});
let layers = 0;
bus.on('LayerData', () => { layers++; });

const { components, entities, capacity } = ingestion;
const KINDS = { [PCode.Prim]: 'prim', [PCode.Avatar]: 'avatar', [PCode.Grass]: 'grass', [PCode.Tree]: 'tree', [PCode.NewTree]: 'tree' };
const describe = (eid) => {
  const p = components.world.valid[eid] === 1 ? components.world.position : components.local.position;
  const kind = KINDS[components.identity.pcode[eid]] ?? `pcode ${components.identity.pcode[eid]}`;
  return `${kind} ${components.identity.localId[eid]} at ${[0, 1, 2].map((k) => p[eid * 3 + k].toFixed(1)).join(', ')}`;
};
const shown = new Uint8Array(capacity);
function report() {
  for (let eid = 0; eid < capacity; eid++) {
    if (entities.live[eid] === 1 && shown[eid] === 0) { shown[eid] = 1; console.log(`+ ${describe(eid)}`); }
    else if (entities.live[eid] === 0 && shown[eid] === 1) { shown[eid] = 0; console.log(`- ${describe(eid)}`); }
  }
}

const decoder = createPacketDecoder();
let datagrams = 0;
let undecoded = 0;
let lastFrame = -Infinity;
for (const line of readFileSync(file, 'utf8').split('\n')) {
  if (line.trim() === '') continue;
  const record = JSON.parse(line);
  if (record.dir !== 'sim->client') continue;
  datagrams++;
  const bytes = Uint8Array.from(record.hex.match(/../g), (pair) => parseInt(pair, 16));
  if (decoder.decode(bytes)) bus.dispatch(decoder, source);
  else undecoded++;
  const nowMs = record.t * 1000;
  if (nowMs - lastFrame >= 1000 / 30) {                       // a frame every 33 ms of capture time
    lastFrame = nowMs;
    runFrame(scheduler, nowMs);
    report();
  }
}
runFrame(scheduler, lastFrame + 1000 / 30);
report();
console.log(`replayed ${datagrams} datagrams (${undecoded} undecoded, ${layers} LayerData): ${liveObjects(ingestion).length} objects in the world`);
