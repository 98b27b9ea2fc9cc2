/**
 * What the page says when the session ends without the user's "Log out": kicked
 * (the grid's own words), the region disabled, the simulator gone silent, or the
 * session forgotten by the grid. Empty for the user's own logout or close.
 */
import type { SessionEnd } from '@slv/net';

export function sessionEndNotice(end: SessionEnd): string {
  if (!end.error) return '';
  // The grid's reason usually ends in a full stop already.
  const reason = end.reason.replace(/\.+$/, '');
  switch (end.cause) {
    case 'kicked':
      return `Disconnected: ${reason}. Reload the page to log in again.`;
    case 'disabled':
      return 'Disconnected: the simulator closed this region for the viewer (DisableSimulator). Reload the page to log in again.';
    case 'silent':
      return `Disconnected: ${reason}. The simulator may have stopped; reload the page to log in again.`;
    default:
      return `Disconnected: ${reason}. Reload the page to log in again.`;
  }
}
