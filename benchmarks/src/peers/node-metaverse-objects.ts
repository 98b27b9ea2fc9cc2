/**
 * node-metaverse 0.8.16's object store as a benchmark peer: its own decode
 * (`Packet.readFromBuffer`, as in createNodeMetaverseDecoder) feeding its
 * `ObjectStoreFull` (or `ObjectStoreLite`) exactly as its Circuit does, by
 * publishing each decoded packet on `circuit.onPacketReceived`, which the
 * store subscribes to. No network: the Circuit is never connected, its
 * `sendMessage` only counts what the store would send (RequestMultipleObjects,
 * ObjectSelect…), and `waitForMessage` resolves at once. The Circuit's
 * duplicate filter is bypassed so a datagram can be replayed. The Agent and
 * Region it needs are the few fields the store touches.
 */
import { Circuit } from '@caspertech/node-metaverse/dist/lib/classes/Circuit.js';
import { ClientEvents } from '@caspertech/node-metaverse/dist/lib/classes/ClientEvents.js';
import { ObjectStoreFull } from '@caspertech/node-metaverse/dist/lib/classes/ObjectStoreFull.js';
import { ObjectStoreLite } from '@caspertech/node-metaverse/dist/lib/classes/ObjectStoreLite.js';
import { UUID } from '@caspertech/node-metaverse/dist/lib/classes/UUID.js';
import type { Agent } from '@caspertech/node-metaverse/dist/lib/classes/Agent.js';
import type { Packet } from '@caspertech/node-metaverse/dist/lib/classes/Packet.js';
import { createNodeMetaverseDecoder } from './node-metaverse.ts';

/** BotOptionFlags.LiteObjectStore. */
const LITE_OBJECT_STORE = 1;

export interface NodeMetaverseObjectStoreOptions {
  /** ObjectStoreLite (node-metaverse's lighter store) instead of ObjectStoreFull (default). */
  readonly lite?: boolean;
}

export interface NodeMetaverseObjectStore {
  readonly store: ObjectStoreFull | ObjectStoreLite;
  /** Decodes one sim->client datagram with node-metaverse and hands it to the store. */
  ingest(datagram: Uint8Array): Packet;
  objectCount(): number;
  /** Messages the store tried to send. */
  readonly sent: { count: number };
  /** Stops the store's timers and subscriptions. */
  close(): void;
}

export function createNodeMetaverseObjectStore(options: NodeMetaverseObjectStoreOptions = {}): NodeMetaverseObjectStore {
  const decoder = createNodeMetaverseDecoder();
  const circuit = new Circuit();
  const sent = { count: 0 };
  circuit.sessionID = UUID.zero();
  // Not connected: what the store would send is counted, and nothing waits for a reply.
  circuit.sendMessage = () => ++sent.count;
  circuit.waitForMessage = (() => Promise.resolve()) as unknown as Circuit['waitForMessage'];
  const clientEvents = new ClientEvents();
  const region: Record<string, unknown> = {
    agents: new Map(),
    clientCommands: { region: { resolveObject: () => Promise.resolve() } },
  };
  const agent = { localID: 0, agentID: UUID.zero(), currentRegion: region } as unknown as Agent;
  const flags = options.lite === true ? LITE_OBJECT_STORE : 0;
  const store = options.lite === true ? new ObjectStoreLite(circuit, agent, clientEvents, flags) : new ObjectStoreFull(circuit, agent, clientEvents, flags);
  region.objects = store;
  // What Circuit.receivedPacket publishes on, after its ack and duplicate handling.
  const received = (circuit as unknown as { onPacketReceived: { next(packet: Packet): void } }).onPacketReceived;
  return {
    store,
    sent,
    ingest(datagram) {
      const packet = decoder.decode(datagram);
      received.next(packet);
      return packet;
    },
    objectCount: () => store.getNumberOfObjects(),
    close: () => store.shutdown(),
  };
}
