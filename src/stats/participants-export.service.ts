import { createHmac } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { stringify } from 'csv-stringify/sync';
import { neutraliseFormula } from '../common/text/spreadsheet-text.js';
import { DateTime } from 'luxon';
import { resolveJwtSecret } from '../auth/jwt-secret.js';
import { Clock } from '../common/time/clock.service.js';
import { AppConfig } from '../config/app-config.js';
import { calendarYear } from './calendar-year.js';
import { ReachQueries } from './reach-queries.service.js';
import { ageBand } from './target-arithmetic.js';

export const AUDIENCE_FR: Record<string, string> = {
  insertion: 'insertion professionnelle',
  dropout: 'décrochage scolaire',
  pupil: 'scolaire',
  other: 'autre',
};
export const GENDER_FR: Record<string, string> = { female: 'femme', male: 'homme', nonbinary: 'non binaire', undisclosed: 'non renseigné' };
export const OUTCOME_FR: Record<string, string> = {
  employment: 'emploi',
  training: 'formation',
  school_return: 'retour en scolarité',
  civic_service: 'service civique',
  business_creation: "création d'activité",
  none: 'aucune',
  unknown: 'inconnue',
};

export const PARTICIPANTS_CSV_COLUMNS = [
  'pseudonyme',
  'public',
  'genre',
  "tranche d'âge",
  'QPV',
  'partenaire orienteur',
  'première activité dans l’année',
  'nouveau cette année',
  'parcours suivis',
  'parcours terminés dans l’année',
  'sorties',
] as const;

/**
 * One pseudonymous row per participant reached in the year, for funders: no name, no contact,
 * no birth year (an age band), no internal id — a pseudonym stable within the year.
 * Semicolon-separated with a BOM so a French spreadsheet opens it as is.
 */
@Injectable()
export class ParticipantsExportService {
  /** Keyed with a secret of the server: without it a pseudonym cannot be traced back to an id. */
  private readonly pseudonymKey: Buffer;

  constructor(
    private readonly queries: ReachQueries,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {
    this.pseudonymKey = createHmac('sha256', resolveJwtSecret(config)).update('stats-pseudonyms').digest();
  }

  async csv(year: number): Promise<string> {
    const zone = this.config.timezone;
    const cal = calendarYear(year, zone, this.clock.now());
    const range = { from: cal.start, to: cal.end };
    const [rows, { paths, completed }] = await Promise.all([
      this.queries.reachedParticipants(range),
      this.queries.pathsAndCompletions(range),
    ]);
    const pathsOf = group(paths, (row) => row.pid, (row) => row.code);
    const completedOf = group(completed, (row) => row.pid, (row) => row.code);
    const outcomesOf = group(
      completed.filter((row) => row.outcome),
      (row) => row.pid,
      (row) => OUTCOME_FR[row.outcome!] ?? row.outcome!,
    );
    const records = rows.map((row) => [
      pseudonym(this.pseudonymKey, year, row.participantId),
      AUDIENCE_FR[row.audience] ?? row.audience,
      GENDER_FR[row.gender] ?? row.gender,
      ageBand(year, row.birthYear),
      row.qpv ? 'oui' : 'non',
      row.partnerName ?? '',
      DateTime.fromJSDate(row.firstActivityAt, { zone }).toISODate(),
      row.isNew ? 'oui' : 'non',
      [...new Set(pathsOf.get(row.participantId) ?? [])].sort().join(' '),
      [...new Set(completedOf.get(row.participantId) ?? [])].sort().join(' '),
      [...new Set(outcomesOf.get(row.participantId) ?? [])].join(' ; '),
    ]);
    // Funders open it in a spreadsheet: a partner named `=HYPERLINK(…)` must stay text.
    const cells = records.map((record) => record.map((cell) => neutraliseFormula(String(cell ?? ''))));
    return '\uFEFF' + stringify([[...PARTICIPANTS_CSV_COLUMNS], ...cells], { delimiter: ';', record_delimiter: '\r\n' });
  }
}

/** Keyed, so not reversible nor linkable to the API's ids; stable for one person within one year. */
export const pseudonym = (key: Buffer, year: number, participantId: string): string =>
  `J-${createHmac('sha256', key).update(`${year}:${participantId}`).digest('hex').slice(0, 12)}`;

function group<T>(rows: T[], key: (row: T) => string, value: (row: T) => string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const row of rows) out.set(key(row), [...(out.get(key(row)) ?? []), value(row)]);
  return out;
}
