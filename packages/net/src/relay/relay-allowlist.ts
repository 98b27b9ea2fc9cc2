/**
 * What one relay session may reach: simulator UDP endpoints and HTTP
 * capability URLs, each granted by an answer the relay inspected. Bounded, so
 * a hostile answer cannot grow it without limit.
 */
import { endpointKey, formatIpv4, parseIpv4 } from './relay-frame.ts';

/** How the relay treats answers from a URL: login and seed/event-queue answers are inspected for grants. */
export type UrlKind = 'login' | 'seed' | 'event-queue' | 'capability';

export interface SimGrant {
  readonly host: string;
  readonly port: number;
  /** What granted it, for logs ("login answer", "EnableSimulator"). */
  readonly source: string;
}

export interface UrlGrant {
  readonly kind: UrlKind;
  readonly source: string;
}

export const MAX_SIM_GRANTS = 1024;
export const MAX_URL_GRANTS = 8192;

/**
 * The key a URL is granted and checked under: scheme, host, port and path.
 * The query is left out because capabilities take their arguments there
 * (GetTexture?texture_id=…); `new URL` has already resolved dot segments, so
 * `/CAPS/x/../../admin` cannot pass as `/CAPS/x/`. Undefined for anything
 * but plain http(s) URLs without credentials.
 */
export function urlGrantKey(url: URL): string | undefined {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  if (url.username !== '' || url.password !== '') return undefined;
  return `${url.protocol}//${url.host}${url.pathname}`;
}

/** Parses an absolute http(s) URL, or undefined. */
export function parseHttpUrl(text: string): URL | undefined {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return undefined;
  }
  return urlGrantKey(url) === undefined ? undefined : url;
}

/**
 * A URL for log lines: scheme, host and the first characters of the path.
 * Capability paths are bearer secrets and queries may carry anything.
 */
export function redactUrl(url: URL | string): string {
  let parsed: URL;
  try {
    parsed = typeof url === 'string' ? new URL(url) : url;
  } catch {
    return '(not a URL)';
  }
  const path = parsed.pathname.length > 8 ? `${parsed.pathname.slice(0, 8)}…` : parsed.pathname;
  return `${parsed.protocol}//${parsed.host}${path}`;
}

export class RelayAllowlist {
  private readonly sims = new Map<number, SimGrant>();
  private readonly urls = new Map<string, UrlGrant>();

  /** Grants host:port (dotted IPv4). False, with nothing granted, when it is not one or the list is full. */
  allowSim(host: string, port: number, source: string): boolean {
    const address = parseIpv4(host);
    if (address < 0 || !Number.isInteger(port) || port < 1 || port > 65535) return false;
    const key = endpointKey(address, port);
    if (this.sims.has(key)) return true;
    if (this.sims.size >= MAX_SIM_GRANTS) return false;
    this.sims.set(key, { host: formatIpv4(address), port, source });
    return true;
  }

  /** The grant for an endpoint, by parseIpv4 address; allocates nothing. */
  simGrant(address: number, port: number): SimGrant | undefined {
    return this.sims.get(endpointKey(address, port));
  }

  /**
   * Grants a URL (see urlGrantKey). A URL already granted keeps the more
   * specific kind: an inspected kind (seed, event-queue) is never demoted to
   * a plain capability. False when the URL is not grantable or the list is full.
   */
  allowUrl(url: string | URL, kind: UrlKind, source: string): boolean {
    const parsed = typeof url === 'string' ? parseHttpUrl(url) : url;
    const key = parsed === undefined ? undefined : urlGrantKey(parsed);
    if (key === undefined) return false;
    const existing = this.urls.get(key);
    if (existing !== undefined) {
      if (existing.kind === 'capability' && kind !== 'capability') this.urls.set(key, { kind, source });
      return true;
    }
    if (this.urls.size >= MAX_URL_GRANTS) return false;
    this.urls.set(key, { kind, source });
    return true;
  }

  urlGrant(url: URL): UrlGrant | undefined {
    const key = urlGrantKey(url);
    return key === undefined ? undefined : this.urls.get(key);
  }

  /** "host:port" of every granted simulator. */
  simList(): string[] {
    return [...this.sims.values()].map((g) => `${g.host}:${g.port}`);
  }

  /** Every granted URL key with its kind. */
  urlList(): { url: string; kind: UrlKind }[] {
    return [...this.urls].map(([url, grant]) => ({ url, kind: grant.kind }));
  }
}
