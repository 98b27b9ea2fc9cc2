/**
 * Local chat on the simulator's side: an agent's ChatFromViewer goes, as
 * ChatFromSimulator, to every agent whose avatar stands within the distance
 * its type carries (whisper 10 m, say 20 m, shout 100 m; the speaker hears
 * itself, as in SL), with the speaker's name and position. The region can
 * also speak: system lines and objects' owner-say, for the viewers' tests.
 */
import { ChatAudible, ChatSourceType, ChatType, chatRadius } from '@slv/net';
import { NULL_UUID } from '@slv/protocol';
import type { RegionAgent } from '../region/region-agent.ts';
import type { Region } from '../region/region.ts';

/** The SL viewer's longest chat line (DB_CHAT_MSG_BUF_SIZE 1024, less the NUL). */
export const MAX_CHAT_BYTES = 1023;

function distance(a: readonly number[], b: readonly number[]): number {
  return Math.hypot(a[0]! - b[0]!, a[1]! - b[1]!, a[2]! - b[2]!);
}

/** Relays `message` (UTF-8, NUL-terminated or not) from `speaker`; returns how many agents heard it. */
export function relayLocalChat(region: Region, speaker: RegionAgent, type: number, message: Uint8Array): number {
  const avatar = speaker.avatar;
  const radius = chatRadius(type);
  if (avatar === null || radius === 0) return 0;
  // A copy: the reader's bytes are the decoder's, and reliable sends may be encoded again for a resend.
  const text = message.slice(0, Math.min(message.length, MAX_CHAT_BYTES));
  const value = {
    ChatData: {
      FromName: speaker.fullName,
      SourceID: speaker.agentId,
      OwnerID: speaker.agentId,
      SourceType: ChatSourceType.AGENT,
      ChatType: type,
      Audible: ChatAudible.FULLY,
      Position: avatar.position,
      Message: text,
    },
  };
  let heard = 0;
  for (const listener of region.readySessions()) {
    const at = listener.avatar;
    if (at === null || distance(at.position, avatar.position) > radius) continue;
    if (listener.send('ChatFromSimulator', value, true)) heard++;
  }
  return heard;
}

export interface RegionChat {
  /** Only this agent hears it (owner-say always needs one); default every agent in the region. */
  to?: string;
  /** 'system' (default): the grid speaking; 'object': a named object, as llSay or llOwnerSay. */
  source?: 'system' | 'object';
  /** Default 'say'. */
  type?: 'say' | 'whisper' | 'shout' | 'owner-say';
  /** The speaker's name (default: the region's name for system lines, 'Object' for objects). */
  fromName?: string;
}

const REGION_CHAT_TYPES = { say: ChatType.NORMAL, whisper: ChatType.WHISPER, shout: ChatType.SHOUT, 'owner-say': ChatType.OWNER } as const;

/** ChatFromSimulator from the region itself to one or every ready agent; returns how many got it. */
export function regionChat(region: Region, text: string, chat: RegionChat = {}): number {
  const object = chat.source === 'object';
  const type = REGION_CHAT_TYPES[chat.type ?? 'say'];
  if (type === ChatType.OWNER && chat.to === undefined) throw new RangeError('owner-say needs the agent it is for (to)');
  const value = {
    ChatData: {
      FromName: chat.fromName ?? (object ? 'Object' : region.scene.regionName),
      SourceID: NULL_UUID,
      OwnerID: chat.to ?? NULL_UUID,
      SourceType: object ? ChatSourceType.OBJECT : ChatSourceType.SYSTEM,
      ChatType: type,
      Audible: ChatAudible.FULLY,
      Position: [0, 0, 0],
      Message: text,
    },
  };
  let sent = 0;
  for (const session of region.readySessions()) {
    if ((chat.to === undefined || session.agentId === chat.to) && session.send('ChatFromSimulator', value, true)) sent++;
  }
  return sent;
}
