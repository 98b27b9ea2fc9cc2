/**
 * Node-only parts of @slv/world (import '@slv/world/node'): connectWorld over
 * a UDP socket of its own, the common case for a bot.
 */
import { UdpTransport } from '@slv/net/node';
import { connectWorld, type WorldClient, type WorldClientOptions } from './client/world-client.ts';

export type UdpWorldClientOptions = Omit<WorldClientOptions, 'transport'> & {
  /** Local address and port to bind (default 0.0.0.0, any free port). */
  bind?: { host?: string; port?: number };
};

/** connectWorld through a fresh UDP socket (closed when the session ends or login fails). */
export async function connectWorldOverUdp(options: UdpWorldClientOptions): Promise<WorldClient> {
  const { bind, ...rest } = options;
  const transport = await UdpTransport.bind(bind?.port ?? 0, bind?.host ?? '0.0.0.0');
  try {
    return await connectWorld({ ...rest, transport });
  } catch (error) {
    transport.close();
    throw error;
  }
}
