/**
 * What the launcher tells the page at `/launcher.json`: where to log in and,
 * for the embedded simulator only, the demo account to prefill. The page
 * reads it once at start; it is the only launcher state the browser sees.
 */

export interface LauncherConfig {
  /** The login URI the relay allows and the form is prefilled with. */
  loginUri: string;
  /** True when the launcher started an embedded simulator (then any name and password log in). */
  embedded: boolean;
  first: string;
  last: string;
  /** Only for the embedded simulator; '' for a real grid, whose password is never served. */
  password: string;
  /** WebSocket path of the relay and HTTP path of its proxy. */
  relayPath: string;
  proxyPath: string;
}

export const LAUNCHER_CONFIG_PATH = '/launcher.json';

/** The account the embedded simulator's login form is prefilled with (it accepts any). */
export const EMBEDDED_ACCOUNT = Object.freeze({ first: 'Test', last: 'User', password: 'password' });

/** Checks a parsed `/launcher.json`; throws naming the field that is wrong. */
export function validateLauncherConfig(value: unknown): LauncherConfig {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error('launcher.json: expected an object');
  const v = value as Record<string, unknown>;
  const text = (key: string): string => {
    const field = v[key];
    if (typeof field !== 'string' || field.length > 2048) throw new Error(`launcher.json: ${key} must be a string of at most 2048 characters`);
    return field;
  };
  if (typeof v['embedded'] !== 'boolean') throw new Error('launcher.json: embedded must be true or false');
  const config: LauncherConfig = {
    loginUri: text('loginUri'),
    embedded: v['embedded'],
    first: text('first'),
    last: text('last'),
    password: text('password'),
    relayPath: text('relayPath'),
    proxyPath: text('proxyPath'),
  };
  if (!config.relayPath.startsWith('/') || !config.proxyPath.startsWith('/')) throw new Error('launcher.json: relayPath and proxyPath must start with "/"');
  return config;
}
