import { LoginError, RelayProxyError } from '@slv/net';
import { describe, expect, it } from 'vitest';
import { describeLoginFailure } from './login-failure.ts';

const URI = 'http://grid.example/login.cgi';

describe('describeLoginFailure', () => {
  it('names the relay when the relay refused the URI, with its reason', () => {
    const refusal = new RelayProxyError('refused', 403, 'not a login URI; start the launcher with --login-uri URI', URI);
    const error = new LoginError('network', `could not reach the login server ${URI}: ${refusal.message}`, { cause: refusal });
    expect(describeLoginFailure(error)).toBe(`The launcher's relay refused the login URI ${URI}: not a login URI; start the launcher with --login-uri URI`);
  });

  it('says the grid is unreachable when the relay could not reach it', () => {
    const failure = new RelayProxyError('failed', 502, 'upstream unreachable: ECONNREFUSED', URI);
    expect(describeLoginFailure(new LoginError('network', 'x', { cause: failure }))).toBe(`The grid is unreachable: the relay could not reach ${URI}: upstream unreachable: ECONNREFUSED`);
  });

  it('says the grid answered with an error for its own refusals and HTTP errors', () => {
    expect(describeLoginFailure(new LoginError('rejected', 'login rejected (key): wrong password'))).toBe('The grid answered the login with an error: login rejected (key): wrong password');
    expect(describeLoginFailure(new LoginError('http', `login server ${URI} answered HTTP 500`, { status: 500 }))).toBe(`The grid answered the login with an error: login server ${URI} answered HTTP 500`);
  });

  it('passes other failures through', () => {
    expect(describeLoginFailure(new Error('relay closed'))).toBe('relay closed');
  });
});
