const DATE_TEXT =
  /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?)?\s*(?:([Zz])|([+-])(\d{2}):?(\d{2}))?$/;

const MAX_TIME_MS = 8.64e15;

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/**
 * An ISO 8601 date as LLSD writes it ("2006-02-01T14:29:53Z", optionally with
 * fractional seconds or an offset; no zone means UTC). Empty text is the epoch,
 * as in the viewer. Undefined when the text is not such a date.
 */
export function parseDateText(text: string): Date | undefined {
  if (text === '') return new Date(0);
  const m = DATE_TEXT.exec(text);
  if (m === null) return undefined;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  const hour = m[4] === undefined ? 0 : Number(m[4]);
  const minute = m[5] === undefined ? 0 : Number(m[5]);
  const second = m[6] === undefined ? 0 : Number(m[6]);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  if (hour > 23 || minute > 59 || second > 60) return undefined; // 60: a leap second
  const fraction = m[7] === undefined ? 0 : Math.round(Number(`0.${m[7]}`) * 1000);
  let offsetMinutes = 0;
  if (m[9] !== undefined) {
    const oh = Number(m[10]);
    const om = Number(m[11]);
    if (oh > 23 || om > 59) return undefined;
    offsetMinutes = (m[9] === '-' ? -1 : 1) * (oh * 60 + om);
  }
  // setUTCFullYear, because Date.UTC maps years 0-99 onto 1900-1999.
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute - offsetMinutes, second, fraction);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** True when `date` can be written as LLSD date text (years 0000-9999). */
export function isWritableDate(date: Date): boolean {
  const year = date.getUTCFullYear();
  return !Number.isNaN(date.getTime()) && year >= 0 && year <= 9999;
}

/** "YYYY-MM-DDTHH:MM:SSZ", with ".mmm" before the Z only when there are milliseconds. */
export function formatDateText(date: Date): string {
  const iso = date.toISOString();
  return iso.endsWith('.000Z') ? `${iso.slice(0, -5)}Z` : iso;
}

/** A Date from the binary format's seconds since the epoch, or undefined when out of range. */
export function dateFromEpochSeconds(seconds: number): Date | undefined {
  const ms = Math.round(seconds * 1000);
  if (!Number.isFinite(ms) || Math.abs(ms) > MAX_TIME_MS) return undefined;
  return new Date(ms);
}
