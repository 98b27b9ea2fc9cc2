/**
 * Local chat's words, as the SL viewer's llchat.h and chat radii define them:
 * both sides use them, the viewer to label ChatFromSimulator lines and the
 * simulator to decide who hears ChatFromViewer.
 */

/** ChatFromViewer.Type and ChatFromSimulator.ChatType. */
export const ChatType = {
  WHISPER: 0,
  NORMAL: 1,
  SHOUT: 2,
  /** The speaker started or stopped typing (no text). */
  START: 4,
  STOP: 5,
  DEBUG_MSG: 6,
  REGION: 7,
  /** llOwnerSay: an object speaking to its owner only. */
  OWNER: 8,
  DIRECT: 9,
} as const;

/** ChatFromSimulator.SourceType. */
export const ChatSourceType = { SYSTEM: 0, AGENT: 1, OBJECT: 2 } as const;

/** ChatFromSimulator.Audible (a U8 on the wire: NOT is sent as 255). */
export const ChatAudible = { NOT: -1, BARELY: 0, FULLY: 1 } as const;

/** How far each kind of chat carries, metres (SL: CHAT_WHISPER_RADIUS, CHAT_NORMAL_RADIUS, CHAT_SHOUT_RADIUS). */
export const CHAT_WHISPER_RADIUS = 10;
export const CHAT_NORMAL_RADIUS = 20;
export const CHAT_SHOUT_RADIUS = 100;

/** The radius a viewer's chat of `type` carries, or 0 for a type a viewer may not send. */
export function chatRadius(type: number): number {
  switch (type) {
    case ChatType.WHISPER: return CHAT_WHISPER_RADIUS;
    case ChatType.NORMAL: case ChatType.START: case ChatType.STOP: return CHAT_NORMAL_RADIUS;
    case ChatType.SHOUT: return CHAT_SHOUT_RADIUS;
    default: return 0;
  }
}
