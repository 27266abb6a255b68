import type { OpeningHours } from './opening-hours.js';

/** What GET /settings/opening-hours shows: the schedule, its time zone and who last edited it. */
export interface OpeningHoursView extends OpeningHours {
  timezone: string;
  /** null while the default of config/opening-hours.json applies. */
  updatedAt: string | null;
  updatedBy: string | null;
}
