import { createHmac } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { resolveJwtSecret } from '../auth/jwt-secret.js';
import { AppConfig } from '../config/app-config.js';
import { pseudonym } from './participants-export.service.js';

/**
 * The pseudonyms of participants.csv, for the report's spreadsheet: the same key (derived from
 * the server's secret exactly as ParticipantsExportService does) and the same function, so a
 * funder can match the rows of both files (test/report.e2e-spec.ts checks they agree).
 */
@Injectable()
export class StatsPseudonyms {
  private readonly key: Buffer;

  constructor(config: AppConfig) {
    this.key = createHmac('sha256', resolveJwtSecret(config)).update('stats-pseudonyms').digest();
  }

  of(year: number, participantId: string): string {
    return pseudonym(this.key, year, participantId);
  }
}
