/**
 * Real viewers for the agent tests: @slv/net's AgentSession over UDP on
 * 127.0.0.1, logged in to an embedded region, each on its own MessageBus.
 */
import { presetSettings } from '@slv/config';
import { AgentSession, MessageBus } from '@slv/net';
import { UdpTransport } from '@slv/net/node';
import { startRegion } from '../region/region-server.ts';
import type { RegionOptions, RunningRegion } from '../region/region-options.ts';

export class AgentTestBed {
  readonly regions: RunningRegion[] = [];
  readonly sessions: AgentSession[] = [];

  async region(options: RegionOptions = {}): Promise<RunningRegion> {
    const r = await startRegion({ sceneOptions: { seed: 5, objects: 6, lights: 0, movers: 0, layout: 'test' }, eventQueueHoldMs: 300, ...options });
    this.regions.push(r);
    return r;
  }

  /** Logs `first last` in, starting at (x, y) on the ground when given; resolves once the region has it ready. */
  async connect(r: RunningRegion, first: string, last: string, at?: [number, number]): Promise<AgentSession> {
    const session = await AgentSession.connect({
      loginUri: r.loginUri,
      credentials: { first, last, password: 'password' },
      ...(at ? { loginOptions: { start: { region: r.scene.regionName, x: at[0], y: at[1], z: 0 } } } : {}),
      transport: await UdpTransport.bind(0, '127.0.0.1'),
      settings: presetSettings('Balanced').network,
      bus: new MessageBus(),
      handshakeTimeoutMs: 15_000,
    });
    this.sessions.push(session);
    // The session is connected once the region's handshake arrived; the region takes it as ready at its reply.
    const agentId = session.loginAnswer.agentId;
    await until(() => r.agents().some((agent) => agent.agentId === agentId && agent.stage === 'ready'), `${first} ${last} to be ready`);
    return session;
  }

  async close(): Promise<void> {
    for (const s of this.sessions.splice(0)) s.close();
    await Promise.all(this.regions.splice(0).map((r) => r.stop()));
  }
}

/** Resolves once `check` holds (polled every 20 ms), or fails naming `what`. */
export async function until(check: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const end = performance.now() + timeoutMs;
  while (!check()) {
    if (performance.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
