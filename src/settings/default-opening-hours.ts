import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { OpeningHours } from './opening-hours.js';
import { validateOpeningHours } from './opening-hours-rules.js';

/** The schedule a fablab ships with, edited in the repository; the database copy wins once saved. */
export const DEFAULT_OPENING_HOURS_FILE = fileURLToPath(new URL('../../config/opening-hours.json', import.meta.url));

/** Reads and checks config/opening-hours.json; a broken file stops the start with its problems. */
export function loadDefaultOpeningHours(zone: string, file = DEFAULT_OPENING_HOURS_FILE): OpeningHours {
  const { hours, errors } = validateOpeningHours(JSON.parse(readFileSync(file, 'utf8')) as object, zone);
  if (errors.length > 0) {
    throw new Error(`Invalid ${file}: ${errors.map((e) => `${e.field} ${e.message}`).join('; ')}`);
  }
  return hours;
}
