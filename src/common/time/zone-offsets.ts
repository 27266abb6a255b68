const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;
/** Enough hours for years of opening hours; beyond it the memo starts again (it only saves time). */
const MAX_MEMO_HOURS = 200_000;

/**
 * UTC offsets of one IANA zone, memoised per UTC hour, and luxon's conversion of a local
 * wall-clock time to an instant, ported as is. Hand-rolled for one hot path — the opening hours
 * of every availability request and booking, a few dozen conversions each — where luxon asks
 * `Intl.DateTimeFormat` for the offset at every conversion (about 1.2 ms per 7-day window; this
 * takes tens of microseconds). `fix` is luxon's `fixOffset` (datetime.js), so wall-clock times in
 * a daylight-saving gap or overlap resolve exactly as luxon resolves them; the unit spec checks
 * equality with luxon on hundreds of windows across DST changes.
 */
export class ZoneOffsets {
  private static readonly zones = new Map<string, ZoneOffsets>();

  static of(zone: string): ZoneOffsets {
    let offsets = ZoneOffsets.zones.get(zone);
    if (!offsets) {
      offsets = new ZoneOffsets(zone);
      ZoneOffsets.zones.set(zone, offsets);
    }
    return offsets;
  }

  private readonly format: Intl.DateTimeFormat;
  /** Offset (minutes) of each UTC hour during which it does not change; null: it changes in that hour. */
  private readonly byHour = new Map<number, number | null>();

  private constructor(zone: string) {
    this.format = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      era: 'short',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
  }

  /** The zone's offset from UTC at `ts`, in minutes (luxon's `zone.offset(ts)`). */
  offset(ts: number): number {
    const hour = Math.floor(ts / HOUR_MS);
    let known = this.byHour.get(hour);
    if (known === undefined) {
      // Offsets change on whole minutes: the same at the first and the last minute of the hour
      // means the same all hour (no zone changes twice within an hour).
      const first = this.exactOffset(hour * HOUR_MS);
      known = first === this.exactOffset((hour + 1) * HOUR_MS - MINUTE_MS) ? first : null;
      if (this.byHour.size >= MAX_MEMO_HOURS) this.byHour.clear();
      this.byHour.set(hour, known);
    }
    return known ?? this.exactOffset(ts);
  }

  /**
   * The instant of a local time given as `localTS` (its fields read as if UTC) and the offset
   * (minutes) it has at that instant, from a guess of that offset: luxon's `fixOffset`.
   */
  fix(localTS: number, guess: number): [number, number] {
    let utcGuess = localTS - guess * MINUTE_MS;
    const o2 = this.offset(utcGuess);
    if (guess === o2) return [utcGuess, guess];
    utcGuess -= (o2 - guess) * MINUTE_MS;
    const o3 = this.offset(utcGuess);
    if (o2 === o3) return [utcGuess, o2];
    // In a gap: the offset changed, the time is not adjusted (as luxon does).
    return [localTS - Math.min(o2, o3) * MINUTE_MS, Math.max(o2, o3)];
  }

  /**
   * The same wall-clock time `days` local days after `ts`: luxon's
   * `DateTime.fromMillis(ts, { zone }).plus({ days })` (calendar days, so 31 days across a
   * daylight-saving change keep their hour), as a UTC epoch.
   */
  plusDays(ts: number, days: number): number {
    const offset = this.offset(ts);
    return this.fix(ts + offset * MINUTE_MS + days * DAY_MS, offset)[0];
  }

  /** What luxon's `IANAZone.offset` computes: local fields (seconds, no milliseconds) minus the instant. */
  private exactOffset(ts: number): number {
    const fields: Record<string, number> = {};
    let bc = false;
    for (const part of this.format.formatToParts(new Date(ts))) {
      if (part.type === 'era') bc = part.value === 'BC' || part.value === 'B';
      else if (part.type !== 'literal') fields[part.type] = Number(part.value);
    }
    const year = bc ? -Math.abs(fields.year) + 1 : fields.year;
    const local = Date.UTC(year, fields.month - 1, fields.day, fields.hour === 24 ? 0 : fields.hour, fields.minute, fields.second);
    const whole = ts - (((ts % 1000) + 1000) % 1000);
    return (local - whole) / MINUTE_MS;
  }
}
