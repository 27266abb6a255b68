import { describe, expect, it } from '@jest/globals';
import { DateTime } from 'luxon';
import { isoText, parseInstant } from './instants.js';
import { ZoneOffsets } from './zone-offsets.js';

const zones = ['Europe/Paris', 'America/New_York', 'America/Santiago', 'Australia/Lord_Howe', 'Asia/Kolkata', 'Pacific/Chatham'];
const HOUR_MS = 3_600_000;

/** Instants every 7 h 13 min over two years: odd hours, both sides of every daylight-saving change. */
function instants(): number[] {
  const out: number[] = [];
  for (let ts = Date.UTC(2025, 0, 1, 0, 7); ts < Date.UTC(2027, 0, 1); ts += 7 * HOUR_MS + 13 * 60_000) out.push(ts);
  return out;
}

describe('parseInstant', () => {
  it('takes a text with an offset as is and one without as local time, a date alone as local midnight', () => {
    expect(parseInstant('2025-03-30T09:00:00+02:00', 'America/New_York')?.toISOString()).toBe('2025-03-30T07:00:00.000Z');
    expect(parseInstant('2025-03-30T09:00:00Z', 'Europe/Paris')?.toISOString()).toBe('2025-03-30T09:00:00.000Z');
    expect(parseInstant('2025-03-30T09:00', 'Europe/Paris')?.toISOString()).toBe('2025-03-30T07:00:00.000Z');
    expect(parseInstant('2025-03-30', 'Europe/Paris')?.toISOString()).toBe('2025-03-29T23:00:00.000Z');
    expect(parseInstant('2025-03-30T02:30', 'Europe/Paris')?.toISOString()).toBe('2025-03-30T01:30:00.000Z');
    expect(parseInstant('2025-02-30', 'Europe/Paris')).toBeNull();
    expect(parseInstant('tomorrow', 'Europe/Paris')).toBeNull();
  });

  it.each(zones)('%s: the instant luxon gives when it converts to the zone, with and without an offset', (zone) => {
    for (const ts of instants()) {
      const local = DateTime.fromMillis(ts, { zone });
      for (const text of [local.toISO()!, local.toUTC().toISO()!, local.toISO({ includeOffset: false })!, local.toISODate()!]) {
        expect(parseInstant(text, zone)?.getTime()).toBe(DateTime.fromISO(text, { zone, setZone: false }).toMillis());
      }
    }
  });
});

describe('parseInstant of a plain timestamp with its offset (read without luxon)', () => {
  const luxon = (text: string) => {
    const parsed = DateTime.fromISO(text, { zone: 'Europe/Paris', setZone: true });
    return parsed.isValid ? parsed.toMillis() : null;
  };

  it('agrees with luxon on every field at and beyond its edges', () => {
    const texts: string[] = [];
    for (const date of ['2024-02-29', '2023-02-29', '2025-02-28', '2025-04-30', '2025-04-31', '2025-12-31', '2025-13-01', '2025-00-10', '2025-01-00', '2025-01-32', '1900-02-29', '2000-02-29', '0999-05-01', '9999-12-31']) {
      for (const time of ['00:00', '23:59', '24:00', '24:00:00', '12:60', '25:00', '09:30:59', '09:30:60', '09:30:00.5', '09:30:00.05', '09:30:00.999', '09:30:00.1234']) {
        for (const offset of ['Z', '+00:00', '-00:00', '+02:00', '-03:30', '+05:45', '+14:00', '-12:00', '+23:59', '+24:00', '-00:60', '+0200', 'z', '']) {
          texts.push(`${date}T${time}${offset}`);
        }
      }
    }
    for (const text of texts) expect([text, parseInstant(text, 'Europe/Paris')?.getTime() ?? null]).toEqual([text, luxon(text)]);
  });

  it('reads every millisecond fraction as luxon does', () => {
    for (let ms = 0; ms < 1000; ms++) {
      for (const fraction of [String(ms).padStart(3, '0'), String(ms).padStart(3, '0').replace(/0+$/, '') || '0']) {
        const text = `2026-06-15T10:00:00.${fraction}+02:00`;
        expect([text, parseInstant(text, 'UTC')?.getTime()]).toEqual([text, luxon(text)]);
      }
    }
  });
});

describe('ZoneOffsets.plusDays', () => {
  it.each(zones)("%s: luxon's plus({ days }) from any instant, across daylight-saving changes", (zone) => {
    const offsets = ZoneOffsets.of(zone);
    for (const ts of instants()) {
      for (const days of [1, 7, 31]) {
        expect(offsets.plusDays(ts, days)).toBe(DateTime.fromMillis(ts, { zone }).plus({ days }).toMillis());
      }
    }
  });

  it('keeps the wall-clock time over the spring-forward Sunday (Paris, 30 March 2025)', () => {
    const saturdayNine = Date.UTC(2025, 2, 29, 8);
    expect(new Date(ZoneOffsets.of('Europe/Paris').plusDays(saturdayNine, 1)).toISOString()).toBe('2025-03-30T07:00:00.000Z');
  });
});

describe('isoText', () => {
  it("is toISOString's text, for new and memoised instants alike, past the memo's size", () => {
    const all = [...instants(), -62_198_755_200_000, 253_402_300_799_999, 8_640_000_000_000_000, Date.UTC(2026, 11, 4, 8, 17, 23, 456)];
    // Twice over, and more instants than the memo keeps: the second pass reads from the memo, or
    // from a memo started again.
    for (let pass = 0; pass < 2; pass++) {
      for (const ts of all) expect(isoText(new Date(ts))).toBe(new Date(ts).toISOString());
      for (let i = 0; i < 12_000; i++) {
        const ts = Date.UTC(2026, 0, 1) + i * 60_000 + pass;
        expect(isoText(new Date(ts))).toBe(new Date(ts).toISOString());
      }
    }
  });

  it('throws as toISOString does on an invalid date', () => {
    expect(() => isoText(new Date(Number.NaN))).toThrow(RangeError);
    expect(() => isoText(new Date(Number.NaN))).toThrow(RangeError);
  });
});
