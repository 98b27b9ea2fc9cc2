/**
 * The login `start` parameter: "last", "home", or "uri:Region&x&y&z" for a
 * named region and a position in region meters.
 */
export interface StartLocation {
  region: string;
  x: number;
  y: number;
  z: number;
}

export type StartSpec = 'last' | 'home' | StartLocation;

/** Meters with at most millimeter precision and no exponent (login servers match \d+(\.\d*)?). */
function formatMeters(axis: string, value: number): string {
  if (!Number.isFinite(value) || value < 0 || value >= 1e9) {
    throw new RangeError(`start location ${axis} must be a finite number of meters in [0, 1e9), got ${value}`);
  }
  return String(Math.round(value * 1000) / 1000);
}

/** "uri:Region&x&y&z" for a region and a position in it. */
export function formatStartLocation(location: StartLocation): string {
  const region = location.region.trim();
  if (region === '') throw new RangeError('start location region name is empty');
  if (region.includes('&')) {
    throw new RangeError(`start location region name ${JSON.stringify(region)} contains "&", which the uri: form cannot carry`);
  }
  return `uri:${region}&${formatMeters('x', location.x)}&${formatMeters('y', location.y)}&${formatMeters('z', location.z)}`;
}

/** The `start` member for a spec: 'last', 'home', or the uri: form. */
export function formatStart(spec: StartSpec): string {
  return typeof spec === 'string' ? spec : formatStartLocation(spec);
}

const METERS = /^[0-9]+(?:\.[0-9]*)?(?:[eE][+-]?[0-9]+)?$/;

/**
 * The `start` member as a login server reads it. The Second Life viewer
 * XML-escapes the uri: form before sending it, so "&amp;" also separates.
 */
export function parseStart(text: string): StartSpec {
  const trimmed = text.trim();
  if (trimmed === 'last' || trimmed === 'home') return trimmed;
  if (!trimmed.startsWith('uri:')) {
    throw new RangeError(`start ${JSON.stringify(text)} is not "last", "home" or "uri:Region&x&y&z"`);
  }
  const parts = trimmed.slice(4).replaceAll('&amp;', '&').split('&');
  if (parts.length !== 4) throw new RangeError(`start ${JSON.stringify(text)} does not have the form uri:Region&x&y&z`);
  const [region, x, y, z] = parts as [string, string, string, string];
  if (region.trim() === '') throw new RangeError(`start ${JSON.stringify(text)} names no region`);
  const coords = [x, y, z].map((c) => (METERS.test(c.trim()) ? Number(c) : Number.NaN));
  if (!coords.every(Number.isFinite)) {
    throw new RangeError(`start ${JSON.stringify(text)} has a position that is not three non-negative numbers`);
  }
  return { region: region.trim(), x: coords[0] as number, y: coords[1] as number, z: coords[2] as number };
}
