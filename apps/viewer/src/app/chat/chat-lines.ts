/**
 * What the chat history shows for each ChatFromSimulator, worded as the SL
 * viewer words it: "Ann Lee: hello", "Ann Lee whispers: psst", "Ann Lee
 * shouts: HEY", "/me waves" as "Ann Lee waves", an object's owner-say and
 * the grid's system lines. Typing indicators and inaudible chat make no line.
 */
import { ChatAudible, ChatSourceType, ChatType } from '@slv/net';

export type ChatKind = 'say' | 'whisper' | 'shout' | 'owner-say' | 'system';

export interface ChatLine {
  /** The speaker's name ('' for the grid's system lines). */
  from: string;
  kind: ChatKind;
  /** Spoken by an object, not an agent. */
  object: boolean;
  text: string;
}

/** The ChatFromSimulator fields a line is made of. */
export interface ChatFields {
  fromName: string;
  sourceType: number;
  chatType: number;
  /** The wire's U8: 255 is CHAT_AUDIBLE_NOT. */
  audible: number;
  message: string;
}

/** The line for one ChatFromSimulator, or null when it shows nothing. */
export function chatLineFrom(fields: ChatFields): ChatLine | null {
  const audible = fields.audible > 127 ? fields.audible - 256 : fields.audible;
  if (audible === ChatAudible.NOT || fields.chatType === ChatType.START || fields.chatType === ChatType.STOP) return null;
  if (fields.message === '') return null;
  const object = fields.sourceType === ChatSourceType.OBJECT;
  if (fields.sourceType === ChatSourceType.SYSTEM) return { from: '', kind: 'system', object: false, text: fields.message };
  const kind: ChatKind = fields.chatType === ChatType.WHISPER ? 'whisper'
    : fields.chatType === ChatType.SHOUT ? 'shout'
      : fields.chatType === ChatType.OWNER ? 'owner-say'
        : 'say';
  return { from: fields.fromName, kind, object, text: fields.message };
}

/** The line as the history shows it. */
export function formatChatLine(line: ChatLine): string {
  if (line.kind === 'system') return line.text;
  // An emote reads as the speaker doing it, whatever the volume.
  if (line.text.startsWith('/me ') || line.text.startsWith("/me'")) return `${line.from}${line.text.slice(3)}`;
  switch (line.kind) {
    case 'whisper': return `${line.from} whispers: ${line.text}`;
    case 'shout': return `${line.from} shouts: ${line.text}`;
    default: return `${line.from}: ${line.text}`;
  }
}

/** ChatFromViewer's type for the chat bar's choice: Ctrl+Enter shouts, Shift+Enter whispers (as in the SL viewer). */
export function chatTypeFor(choice: 'say' | 'whisper' | 'shout', ctrlKey: boolean, shiftKey: boolean): number {
  if (ctrlKey) return ChatType.SHOUT;
  if (shiftKey) return ChatType.WHISPER;
  return choice === 'whisper' ? ChatType.WHISPER : choice === 'shout' ? ChatType.SHOUT : ChatType.NORMAL;
}
