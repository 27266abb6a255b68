import { Injectable } from '@nestjs/common';

/**
 * One part of a GDPR export another feature holds on the person: bookings, notifications,
 * incidents… `accountId` is the person's learner account, if they have one.
 */
export type ParticipantExportSection = (participantId: string, accountId: string | null) => Promise<unknown>;

/**
 * The extension point of GET /participants/:id/export: each feature that keeps something on a
 * person registers a section (from its module's onModuleInit), so the export stays complete
 * without participants depending on later features.
 */
@Injectable()
export class ParticipantExportSections {
  private readonly sections = new Map<string, ParticipantExportSection>();

  register(name: string, section: ParticipantExportSection): void {
    if (this.sections.has(name)) throw new Error(`export section ${name} registered twice`);
    this.sections.set(name, section);
  }

  async collect(participantId: string, accountId: string | null): Promise<Record<string, unknown>> {
    const entries = await Promise.all([...this.sections].map(async ([name, section]) => [name, await section(participantId, accountId)] as const));
    return Object.fromEntries(entries.sort(([a], [b]) => a.localeCompare(b)));
  }
}
