/**
 * Local chat between real viewers on loopback: AgentSessions over UDP in one
 * embedded region, standing at known distances; whisper, say and shout carry
 * as far as SL's radii and no further, and the region's own lines arrive.
 */
import { ChatSourceType, ChatType, type AgentSession } from '@slv/net';
import { afterEach, describe, expect, it } from 'vitest';
import { AgentTestBed, until } from './agent-sessions.test-support.ts';

const bed = new AgentTestBed();
afterEach(() => bed.close());

interface Line { from: string; type: number; source: number; text: string; sourceId: string }

function listen(session: AgentSession): Line[] {
  const lines: Line[] = [];
  session.bus.on('ChatFromSimulator', (r) => {
    const c = r.ChatData;
    lines.push({ from: c.FromNameString(), type: c.ChatType(), source: c.SourceType(), text: c.MessageString(), sourceId: c.SourceIDString() });
  });
  return lines;
}

const texts = (lines: Line[]): string[] => lines.map((l) => l.text);

describe('local chat', () => {
  it('carries whisper 10 m, say 20 m and shout 100 m, to the speaker too, with its name and type', async () => {
    const r = await bed.region();
    // Along one line from the speaker: 6 m, 15 m, 60 m and 120 m away (the terrain adds little height).
    const speaker = await bed.connect(r, 'Ann', 'Speaker', [128, 70]);
    const near = await bed.connect(r, 'Bob', 'Near', [128, 76]);
    const mid = await bed.connect(r, 'Cat', 'Mid', [128, 85]);
    const far = await bed.connect(r, 'Dan', 'Far', [128, 130]);
    const beyond = await bed.connect(r, 'Eve', 'Beyond', [128, 190]);
    const heard = [speaker, near, mid, far, beyond].map(listen);

    speaker.sendChat('a whisper', 0, ChatType.WHISPER);
    speaker.sendChat('hello there', 0, ChatType.NORMAL);
    speaker.sendChat('HELLO ALL', 0, ChatType.SHOUT);
    speaker.sendChat('on a script channel', 7, ChatType.NORMAL);
    await until(() => heard[3]!.length >= 1 && heard[0]!.length >= 3, 'the shout to arrive');
    await new Promise((resolve) => setTimeout(resolve, 300));

    expect(texts(heard[0]!)).toEqual(['a whisper', 'hello there', 'HELLO ALL']);
    expect(texts(heard[1]!)).toEqual(['a whisper', 'hello there', 'HELLO ALL']);
    expect(texts(heard[2]!)).toEqual(['hello there', 'HELLO ALL']);
    expect(texts(heard[3]!)).toEqual(['HELLO ALL']);
    expect(heard[4]).toEqual([]);
    const line = heard[2]![0]!;
    expect(line).toEqual({ from: 'Ann Speaker', type: ChatType.NORMAL, source: ChatSourceType.AGENT, text: 'hello there', sourceId: speaker.loginAnswer.agentId });
    expect(heard[3]![0]!.type).toBe(ChatType.SHOUT);
  }, 60_000);

  it('sends the region\'s system lines to everyone and an object\'s owner-say to its owner only', async () => {
    const r = await bed.region();
    const a = await bed.connect(r, 'Ann', 'Owner');
    const b = await bed.connect(r, 'Bob', 'Other');
    const [la, lb] = [listen(a), listen(b)];
    expect(r.chat('The region restarts in 5 minutes.')).toBe(2);
    expect(r.chat('your object says hi', { source: 'object', type: 'owner-say', fromName: 'Lamp', to: a.loginAnswer.agentId })).toBe(1);
    await until(() => la.length === 2 && lb.length === 1, 'the region\'s lines');
    expect(la[0]).toMatchObject({ from: r.scene.regionName, source: ChatSourceType.SYSTEM, type: ChatType.NORMAL, text: 'The region restarts in 5 minutes.' });
    expect(la[1]).toMatchObject({ from: 'Lamp', source: ChatSourceType.OBJECT, type: ChatType.OWNER, text: 'your object says hi' });
    expect(texts(lb)).toEqual(['The region restarts in 5 minutes.']);
    expect(() => r.chat('to nobody', { type: 'owner-say' })).toThrow(/owner-say/);
  }, 30_000);
});
