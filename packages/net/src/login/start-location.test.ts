import { describe, expect, it } from 'vitest';
import { formatStart, formatStartLocation, parseStart } from './start-location.ts';

describe('start location', () => {
  it('writes the uri: form the login server expects', () => {
    expect(formatStartLocation({ region: 'Da Boom', x: 128, y: 64.5, z: 22.0001 })).toBe('uri:Da Boom&128&64.5&22');
    expect(formatStart('last')).toBe('last');
    expect(formatStart('home')).toBe('home');
    expect(formatStart({ region: ' Ahern ', x: 0, y: 255.9999, z: 1e-7 })).toBe('uri:Ahern&0&256&0');
  });

  it('refuses locations the uri: form cannot carry', () => {
    expect(() => formatStartLocation({ region: 'A&B', x: 1, y: 1, z: 1 })).toThrow(/contains "&"/);
    expect(() => formatStartLocation({ region: '  ', x: 1, y: 1, z: 1 })).toThrow(/region name is empty/);
    expect(() => formatStartLocation({ region: 'R', x: -1, y: 1, z: 1 })).toThrow(/x must be/);
    expect(() => formatStartLocation({ region: 'R', x: 1, y: Number.NaN, z: 1 })).toThrow(/y must be/);
    expect(() => formatStartLocation({ region: 'R', x: 1, y: 1, z: Number.POSITIVE_INFINITY })).toThrow(/z must be/);
  });

  it('reads what it writes, and the escaped form the Second Life viewer sends', () => {
    const loc = { region: 'Da Boom', x: 128, y: 64.5, z: 22 };
    expect(parseStart(formatStartLocation(loc))).toEqual(loc);
    expect(parseStart('uri:Da Boom&amp;128&amp;64.5&amp;22')).toEqual(loc);
    expect(parseStart(' last ')).toBe('last');
    expect(parseStart('home')).toBe('home');
  });

  it('refuses start text that is none of the three forms', () => {
    expect(() => parseStart('somewhere')).toThrow(/is not "last", "home"/);
    expect(() => parseStart('uri:Region&1&2')).toThrow(/does not have the form/);
    expect(() => parseStart('uri:&1&2&3')).toThrow(/names no region/);
    expect(() => parseStart('uri:R&1&-2&3')).toThrow(/not three non-negative numbers/);
  });
});
