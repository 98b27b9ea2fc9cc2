import { describe, expect, it } from 'vitest';
import { sessionEndNotice } from './session-end-notice.ts';

describe('sessionEndNotice', () => {
  it('says why the session ended, in the grid\'s words for a kick', () => {
    expect(sessionEndNotice({ cause: 'kicked', reason: 'kicked by the simulator: You logged in from another location.', error: true }))
      .toBe('Disconnected: kicked by the simulator: You logged in from another location. Reload the page to log in again.');
    expect(sessionEndNotice({ cause: 'disabled', reason: 'x', error: true })).toMatch(/DisableSimulator/);
    expect(sessionEndNotice({ cause: 'silent', reason: 'the simulator went silent: no packets and no ping answers for 100 s', error: true }))
      .toMatch(/^Disconnected: the simulator went silent/);
  });

  it('says nothing for the user\'s own logout', () => {
    expect(sessionEndNotice({ cause: 'logout', reason: 'logged out', error: false })).toBe('');
  });
});
