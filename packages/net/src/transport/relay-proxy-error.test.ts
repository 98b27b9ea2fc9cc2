import { describe, expect, it } from 'vitest';
import { RELAY_OUTCOME_HEADER } from '../relay/relay-frame.ts';
import { RelayProxyError, rejectRelayAnswersFor, relayProxyErrorOf } from './relay-proxy-error.ts';

const LOGIN = 'http://grid.example/login.cgi';

function answering(status: number, body: string, outcome?: string): typeof fetch {
  return () => Promise.resolve(new Response(body, { status, headers: outcome === undefined ? {} : { [RELAY_OUTCOME_HEADER]: outcome } }));
}

describe('relay answers told apart from the upstream\'s', () => {
  it('reads the relay\'s refusal and failure with their reasons', async () => {
    const refused = await relayProxyErrorOf(new Response('not a login URI\n', { status: 403, headers: { [RELAY_OUTCOME_HEADER]: 'refused' } }), LOGIN);
    expect(refused).toMatchObject({ outcome: 'refused', status: 403, reason: 'not a login URI', message: `the relay refused ${LOGIN}: not a login URI` });
    const failed = await relayProxyErrorOf(new Response('upstream unreachable: ECONNREFUSED\n', { status: 502, headers: { [RELAY_OUTCOME_HEADER]: 'failed' } }), LOGIN);
    expect(failed?.message).toBe(`the relay could not reach ${LOGIN}: upstream unreachable: ECONNREFUSED`);
    expect(await relayProxyErrorOf(new Response('Forbidden', { status: 403 }), LOGIN)).toBeNull();
  });

  it('rejects only for the watched URLs, and keeps the upstream\'s own error answers', async () => {
    const refused = rejectRelayAnswersFor([LOGIN], answering(403, 'no\n', 'refused'));
    await expect(refused(LOGIN, { method: 'POST' })).rejects.toBeInstanceOf(RelayProxyError);
    // The event queue reads the relay's 502 as an empty poll: other URLs keep their answer.
    expect((await refused('http://grid.example/CAPS/eq/')).status).toBe(403);
    const upstream = rejectRelayAnswersFor([LOGIN], answering(502, 'Bad Gateway'));
    expect((await upstream(new URL(LOGIN))).status).toBe(502);
    expect((await rejectRelayAnswersFor(['not a url'], answering(200, 'ok'))('http://x.example/')).status).toBe(200);
  });
});
