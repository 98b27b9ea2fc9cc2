import { describe, expect, it } from 'vitest';
import { chatLineFrom, chatTypeFor, formatChatLine, type ChatFields } from './chat-lines.ts';

const agent = (chatType: number, message: string): ChatFields => ({ fromName: 'Ann Lee', sourceType: 1, chatType, audible: 1, message });

describe('chat lines', () => {
  it('words say, whisper, shout and emotes as the SL viewer does', () => {
    const say = chatLineFrom(agent(1, 'hello'))!;
    expect(say).toEqual({ from: 'Ann Lee', kind: 'say', object: false, text: 'hello' });
    expect(formatChatLine(say)).toBe('Ann Lee: hello');
    expect(formatChatLine(chatLineFrom(agent(0, 'psst'))!)).toBe('Ann Lee whispers: psst');
    expect(formatChatLine(chatLineFrom(agent(2, 'HEY'))!)).toBe('Ann Lee shouts: HEY');
    expect(formatChatLine(chatLineFrom(agent(1, '/me waves'))!)).toBe('Ann Lee waves');
    expect(formatChatLine(chatLineFrom(agent(1, "/me's here"))!)).toBe("Ann Lee's here");
  });

  it('shows system lines bare and an object\'s owner-say under its name', () => {
    const system = chatLineFrom({ fromName: 'Region', sourceType: 0, chatType: 1, audible: 1, message: 'Restarting soon.' })!;
    expect(system.kind).toBe('system');
    expect(formatChatLine(system)).toBe('Restarting soon.');
    const owner = chatLineFrom({ fromName: 'Lamp', sourceType: 2, chatType: 8, audible: 1, message: 'on' })!;
    expect(owner).toEqual({ from: 'Lamp', kind: 'owner-say', object: true, text: 'on' });
    expect(formatChatLine(owner)).toBe('Lamp: on');
  });

  it('makes no line of typing indicators, inaudible or empty chat', () => {
    expect(chatLineFrom(agent(4, ''))).toBeNull();
    expect(chatLineFrom(agent(5, ''))).toBeNull();
    expect(chatLineFrom({ ...agent(1, 'far away'), audible: 255 })).toBeNull();
    expect(chatLineFrom(agent(1, ''))).toBeNull();
  });

  it('picks the ChatFromViewer type from the bar and the keys', () => {
    expect(chatTypeFor('say', false, false)).toBe(1);
    expect(chatTypeFor('whisper', false, false)).toBe(0);
    expect(chatTypeFor('shout', false, false)).toBe(2);
    expect(chatTypeFor('say', true, false)).toBe(2);
    expect(chatTypeFor('say', false, true)).toBe(0);
  });
});
