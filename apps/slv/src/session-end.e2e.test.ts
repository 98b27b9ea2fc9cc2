/**
 * How a session ends, against the embedded simulator on 127.0.0.1: kicked (a second
 * login of the same user, or an estate kick), the region disabled, the simulator dead
 * (stopped without a word), and a logout that OpenSimulator never acknowledges.
 */
import { presetSettings } from '@slv/config';
import { AgentSession, MessageBus, type SessionEnd } from '@slv/net';
import { UdpTransport } from '@slv/net/node';
import { createPacketDecoder } from '@slv/protocol';
import { DUPLICATE_LOGIN_REASON, startRegion, type RegionOptions, type RunningRegion } from '@slv/sim';
import { afterEach, describe, expect, it } from 'vitest';

const regions: RunningRegion[] = [];
afterEach(async () => { await Promise.all(regions.splice(0).map((r) => r.stop())); });

async function region(options: RegionOptions = {}): Promise<RunningRegion> {
  const r = await startRegion({ sceneOptions: { objects: 10, lights: 1, movers: 1, seed: 3 }, eventQueueHoldMs: 300, ...options });
  regions.push(r);
  return r;
}

/** Names of the messages the client sent, in order (decoded from its own datagrams). */
async function recordingTransport(sent: string[]): Promise<UdpTransport> {
  const transport = await UdpTransport.bind(0, '127.0.0.1');
  const decoder = createPacketDecoder();
  const send = transport.send.bind(transport);
  transport.send = (bytes, length, host, port) => {
    if (decoder.decode(bytes, length)) sent.push(decoder.message!.name);
    send(bytes, length, host, port);
  };
  return transport;
}

async function connect(r: RunningRegion, extra: { silenceTimeoutMs?: number; lost?: string[]; sent?: string[] } = {}) {
  return AgentSession.connect({
    loginUri: r.loginUri, credentials: { first: 'Test', last: 'User', password: 'password' },
    transport: extra.sent ? await recordingTransport(extra.sent) : await UdpTransport.bind(0, '127.0.0.1'),
    settings: presetSettings('Balanced').network, bus: new MessageBus(), handshakeTimeoutMs: 15_000,
    ...(extra.silenceTimeoutMs !== undefined ? { silenceTimeoutMs: extra.silenceTimeoutMs } : {}),
    circuitListener: { lost: (_sequence, name) => extra.lost?.push(name) },
  });
}

/** Waits for the session to end, failing the test after a generous deadline. */
async function endOf(session: AgentSession, ms = 20_000): Promise<SessionEnd> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error(`the session did not end within ${ms} ms`)), ms); });
  try {
    return await Promise.race([session.ended, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

describe('a session ends with the reason', () => {
  it('is kicked with the grid\'s words when the same user logs in again', async () => {
    const r = await region();
    const first = await connect(r);
    const second = await connect(r);
    const end = await endOf(first);
    expect(end).toMatchObject({ cause: 'kicked', error: true });
    expect(end.reason).toContain(DUPLICATE_LOGIN_REASON);
    expect(first.stage).toBe('closed');
    expect(second.stage).toBe('connected');
    await second.logout(3_000);
  });

  it('is kicked by an estate kick, and ends on DisableSimulator', async () => {
    const r = await region();
    const kicked = await connect(r);
    expect(r.kickAgent(kicked.loginAnswer.agentId, 'Go home.')).toBe(true);
    expect(await endOf(kicked)).toMatchObject({ cause: 'kicked', reason: 'kicked by the simulator: Go home.', error: true });
    const disabled = await connect(r);
    expect(r.disableSimulator(disabled.loginAnswer.agentId)).toBe(true);
    expect(await endOf(disabled)).toMatchObject({ cause: 'disabled', error: true });
  });

  it('notices a dead simulator: no packets and no ping answers for the silence timeout', async () => {
    const r = await region();
    const session = await connect(r, { silenceTimeoutMs: 1_500 });
    // Stopped without a word: no logout, no KickUser, its socket simply closes.
    await r.stop();
    const end = await endOf(session);
    expect(end).toMatchObject({ cause: 'silent', error: true });
    expect(end.reason).toMatch(/no packets and no ping answers for 2 s/);
  });

  it('logs out from a simulator that closes the circuit without acking LogoutRequest: nothing counted lost, AgentUpdates stop', async () => {
    const r = await region({ logoutReply: false });
    const lost: string[] = [];
    const sent: string[] = [];
    const session = await connect(r, { lost, sent });
    const updatesBefore = (): number => sent.filter((name) => name === 'AgentUpdate').length;
    const deadline = Date.now() + 10_000;
    while (updatesBefore() === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(updatesBefore()).toBeGreaterThan(0);
    const { replied } = await session.logout(1_000);
    expect(replied).toBe(false);
    expect(lost).toEqual([]);
    expect(session.circuit.stats.reliableLost).toBe(0);
    const afterLogout = sent.slice(sent.indexOf('LogoutRequest') + 1);
    expect(afterLogout).not.toContain('AgentUpdate');
    expect(session.endedBy).toMatchObject({ cause: 'logout', error: false });
  });
});
