/** One VEVENT of an iCalendar text: property name → value (parameters dropped). */
export type IcsEvent = Record<string, string>;

/**
 * A small iCalendar reader for assertions: unfolds continuation lines (RFC 5545 §3.1), splits
 * VEVENT blocks, keeps each property's value (the last one wins), unescapes text.
 */
export function parseIcs(text: string): { calendar: Record<string, string>; events: IcsEvent[] } {
  const lines = text.replace(/\r?\n[ \t]/g, '').split(/\r?\n/).filter(Boolean);
  const calendar: Record<string, string> = {};
  const events: IcsEvent[] = [];
  let current: IcsEvent | null = null;
  for (const line of lines) {
    if (line === 'BEGIN:VEVENT') current = {};
    else if (line === 'END:VEVENT') {
      if (current) events.push(current);
      current = null;
    } else {
      const colon = line.indexOf(':');
      const name = line.slice(0, colon).split(';')[0];
      const value = line.slice(colon + 1).replace(/\\n/gi, '\n').replace(/\\([,;\\])/g, '$1');
      (current ?? calendar)[name] = value;
    }
  }
  return { calendar, events };
}

/** `20270112T090000Z` → `2027-01-12T09:00:00.000Z`. */
export const icsInstant = (value: string): string =>
  new Date(`${value.slice(0, 4)}-${value.slice(4, 6)}-${value.slice(6, 8)}T${value.slice(9, 11)}:${value.slice(11, 13)}:${value.slice(13, 15)}Z`).toISOString();
