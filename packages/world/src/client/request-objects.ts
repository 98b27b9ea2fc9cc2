/**
 * The ingestion's `requestObjects` hook over a session: one reliable
 * RequestMultipleObjects for a burst of cache misses (up to
 * MAX_REQUEST_BATCH, 255), its blocks pooled so a burst allocates nothing
 * once the pool has grown to it.
 */
import type { AgentSession } from '@slv/net';

interface ObjectRequestBlock { CacheMissType: number; ID: number }

const blockPool: ObjectRequestBlock[] = [];
const blocks: ObjectRequestBlock[] = [];

/** Asks `session`'s simulator for the `count` objects in `localIds` (with their `missTypes`); nothing once the session closed. */
export function requestObjectsOverSession(session: AgentSession, localIds: Uint32Array, missTypes: Uint8Array, count: number): void {
  if (session.stage === 'closed') return;
  while (blockPool.length < count) blockPool.push({ CacheMissType: 0, ID: 0 });
  blocks.length = count;
  for (let i = 0; i < count; i++) {
    const block = blockPool[i]!;
    block.CacheMissType = missTypes[i]!;
    block.ID = localIds[i]!;
    blocks[i] = block;
  }
  const { agentId, sessionId } = session.loginAnswer;
  session.circuit.send('RequestMultipleObjects', { AgentData: { AgentID: agentId, SessionID: sessionId }, ObjectData: blocks }, { reliable: true });
}
