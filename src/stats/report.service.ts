import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DateTime } from 'luxon';
import type { Repository } from 'typeorm';
import type { AuthUser } from '../common/auth/auth-user.js';
import { Clock } from '../common/time/clock.service.js';
import { AppConfig } from '../config/app-config.js';
import { TransactionRunner } from '../database/transaction-runner.service.js';
import { LearningPathsService } from '../learning-paths/learning-paths.service.js';
import { AUDIENCES } from '../participants/audience.js';
import { OUTCOMES } from '../participants/enrollment-status.js';
import { GENDERS } from '../participants/gender.js';
import { MachinesReportService } from './machines-report.service.js';
import type { MachinesReport, PeriodReport, ReportFigures, ReportPersonRow } from './period-report.js';
import { costPerYoungPerson, percent, periodBudget, quartiles, roundTo } from './report-arithmetic.js';
import type { ReportPeriod } from './report-period.js';
import { ReportQueries, type ReportScope } from './report-queries.service.js';
import { StatsPseudonyms } from './stats-pseudonyms.service.js';
import { AGE_BANDS, ageBand } from './target-arithmetic.js';
import { YearlyBudget } from './yearly-budget.entity.js';

const zeros = <K extends string>(keys: readonly K[]) => Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;

const countBy = <T>(items: readonly T[], key: (item: T) => string | null): Map<string | null, number> => {
  const out = new Map<string | null, number>();
  for (const item of items) out.set(key(item), (out.get(key(item)) ?? 0) + 1);
  return out;
};

/** Most first, then by name; the unknown (null) last among equals. */
const ranked = <T extends { count: number }>(items: T[], name: (item: T) => string | null): T[] =>
  items.sort((a, b) => b.count - a.count || (name(a) ?? '\uffff').localeCompare(name(b) ?? '\uffff'));

/**
 * The period report for the comité de maison and the funders (GET /stats/report): the public
 * reached and its breakdowns, activity, results after the paths, machines, cost, each beside the
 * same period one year earlier. A trainer's report counts only the young people their partner
 * referred, and leaves out the fablab's machines and budget.
 */
@Injectable()
export class ReportService {
  constructor(
    private readonly queries: ReportQueries,
    private readonly paths: LearningPathsService,
    private readonly machinesReport: MachinesReportService,
    private readonly pseudonyms: StatsPseudonyms,
    private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly tx: TransactionRunner,
    @InjectRepository(YearlyBudget) private readonly budgets: Repository<YearlyBudget>,
  ) {}

  /** Everyone's young people for staff; a trainer's partner's only. */
  scopeOf(user: AuthUser): ReportScope {
    return user.role === 'trainer' ? { partnerId: user.partnerId } : null;
  }

  async report(period: ReportPeriod, user: AuthUser): Promise<PeriodReport> {
    const scope = this.scopeOf(user);
    // The machines are the fablab's: measured for both periods at once, and only in everyone's report.
    const machines = scope === null ? this.machinesReport.forPeriods([period, period.previous], this.clock.now()) : Promise.resolve([null, null]);
    const [current, previous, partnerName] = await Promise.all([
      this.figures(period, scope, machines.then(([m]) => m)),
      this.figures({ ...period.previous }, scope, machines.then(([, m]) => m)),
      scope?.partnerId ? this.queries.partnerNames([scope.partnerId]).then((names) => names.get(scope.partnerId!) ?? null) : null,
    ]);
    return {
      ...current,
      scope: scope === null ? null : { partnerId: scope.partnerId, partnerName },
      previous,
      asOf: this.clock.now().toISOString(),
    };
  }

  /** One pseudonymous row per young person reached in the period, in the caller's scope. */
  async people(period: ReportPeriod, user: AuthUser): Promise<ReportPersonRow[]> {
    const scope = this.scopeOf(user);
    const [{ reached, followed }, ended, { attendees }] = await Promise.all([
      this.queries.reachWithPaths(period, scope),
      this.queries.endedPaths(period, scope),
      this.queries.attendance(period, scope),
    ]);
    const names = await this.queries.partnerNames([...new Set(reached.map((p) => p.partnerId).filter((id): id is string => id !== null))]);
    const followedBy = groupValues(followed, (row) => row.participantId, (row) => row.pathCode);
    const completedBy = groupValues(ended.filter((row) => row.status === 'completed'), (row) => row.participantId, (row) => row.pathCode);
    const outcomesBy = groupValues(ended.filter((row) => row.outcome), (row) => row.participantId, (row) => row.outcome!);
    return reached.map((person) => ({
      pseudonym: this.pseudonyms.of(period.year, person.participantId),
      audience: person.audience,
      gender: person.gender,
      ageBand: ageBand(period.year, person.birthYear),
      qpv: person.qpv,
      partnerName: person.partnerId ? (names.get(person.partnerId) ?? null) : null,
      firstActivityAt: person.firstActivityAt,
      isNew: person.isNew,
      pathsFollowed: [...new Set(followedBy.get(person.participantId) ?? [])].sort(),
      pathsCompleted: [...new Set(completedBy.get(person.participantId) ?? [])].sort(),
      outcomes: [...new Set(outcomesBy.get(person.participantId) ?? [])].sort(),
      supervisedHours: roundTo((attendees.get(person.participantId)?.minutes ?? 0) / 60, 2),
    }));
  }

  async setBudget(year: number, amount: number, actorId: string | null): Promise<{ year: number; amount: number }> {
    const amountCents = Math.round(amount * 100);
    await this.tx.run(async () => {
      const repo = this.tx.manager.getRepository(YearlyBudget);
      await repo.upsert(repo.create({ year, amountCents, updatedBy: actorId }), ['year']);
    });
    return { year, amount: amountCents / 100 };
  }

  async budgetOf(year: number): Promise<{ year: number; amount: number | null }> {
    const row = await this.budgets.findOneBy({ year });
    return { year, amount: row ? Number(row.amountCents) / 100 : null };
  }

  private async figures(
    period: { from: Date; to: Date; year: number },
    scope: ReportScope,
    machinesReport: Promise<MachinesReport | null>,
  ): Promise<ReportFigures> {
    const range = { from: period.from, to: period.to };
    const [{ reached, pathCounts }, counts, attendance, outcomes, ended, pathCodes, budget, machines] = await Promise.all([
      this.queries.reach(range, scope),
      this.queries.activityCounts(range, scope),
      this.queries.attendance(range, scope),
      this.queries.outcomesRecorded(range, scope),
      this.queries.endedPathCounts(range, scope),
      this.paths.codes(),
      scope === null ? this.periodBudget(range) : Promise.resolve(null),
      machinesReport,
    ]);

    const byAudience = zeros(AUDIENCES);
    const byGender = zeros(GENDERS);
    const byAgeBand = zeros(AGE_BANDS);
    for (const person of reached) {
      byAudience[person.audience as keyof typeof byAudience] += 1;
      byGender[person.gender as keyof typeof byGender] += 1;
      byAgeBand[ageBand(period.year, person.birthYear)] += 1;
    }
    const qpv = reached.filter((person) => person.qpv).length;
    const qpvSharePct = percent(qpv, reached.length);
    const partnerCounts = countBy(reached, (person) => person.partnerId);
    const names = await this.queries.partnerNames([...partnerCounts.keys()].filter((id): id is string => id !== null));
    const byPartner = ranked(
      [...partnerCounts].map(([partnerId, count]) => ({ partnerId, name: partnerId ? (names.get(partnerId) ?? null) : null, count })),
      (row) => row.name,
    );
    const byPostcode = ranked(
      [...countBy(reached, (person) => normalisePostcode(person.postcode))].map(([postcode, count]) => ({ postcode, count })),
      (row) => row.postcode,
    );
    const byPath: Record<string, number> = zeros(pathCodes);
    for (const [code, count] of pathCounts) byPath[code] = count;

    const attendees = [...attendance.attendees.values()];
    const hours = attendees.map((a) => a.minutes / 60);
    const totalMinutes = attendees.reduce((total, a) => total + a.minutes, 0);
    const checkedIn = attendees.reduce((total, a) => total + a.times, 0);
    const spread = quartiles(hours);

    const byOutcome: Record<string, number> = zeros(OUTCOMES);
    for (const [kind, count] of outcomes) byOutcome[kind] = count;
    const outcomesRecorded = [...outcomes.values()].reduce((a, b) => a + b, 0);
    const positiveKinds = this.config.reportPositiveOutcomes;
    const positiveOutcomes = positiveKinds.reduce((sum, kind) => sum + (outcomes.get(kind) ?? 0), 0);
    const positiveExitRatePct = percent(positiveOutcomes, outcomesRecorded);
    const { outcomeMissing } = ended;

    return {
      from: period.from.toISOString(),
      to: period.to.toISOString(),
      year: period.year,
      reached: reached.length,
      newcomers: reached.filter((person) => person.isNew).length,
      qpv,
      qpvSharePct,
      qpvThresholdPct: this.config.reportQpvThresholdPct,
      meetsQpvThreshold: qpvSharePct === null ? null : qpvSharePct >= this.config.reportQpvThresholdPct,
      positiveExitRatePct,
      outcomeMissing,
      budget,
      costPerYoungPerson: costPerYoungPerson(budget, reached.length),
      public: { byAudience, byGender, byAgeBand, byQpv: { qpv, other: reached.length - qpv }, byPostcode, byPartner, byPath },
      activity: {
        ...counts,
        supervisedHours: roundTo(totalMinutes / 60, 2),
        hoursPerYoungPerson: spread && {
          youngPeople: hours.length,
          mean: roundTo(totalMinutes / 60 / hours.length, 2),
          ...spread,
        },
        plannedPlaces: attendance.planned,
        checkedIn,
        attendanceRatePct: percent(checkedIn, attendance.planned),
        noShows: attendance.planned - checkedIn,
      },
      results: {
        outcomesRecorded,
        byOutcome,
        positiveOutcomeKinds: [...positiveKinds],
        positiveOutcomes,
        positiveExitRatePct,
        pathsEnded: ended.ended,
        outcomeMissing,
      },
      machines,
    };
  }

  private async periodBudget(range: { from: Date; to: Date }): Promise<number | null> {
    const zone = this.config.timezone;
    const first = DateTime.fromJSDate(range.from, { zone }).year;
    const last = DateTime.fromJSDate(range.to, { zone }).year;
    const rows = await this.budgets.createQueryBuilder('b').where('b.year BETWEEN :first AND :last', { first, last }).getMany();
    return periodBudget(range.from, range.to, zone, new Map(rows.map((row) => [row.year, Number(row.amountCents) / 100])));
  }
}

/** A postcode as written on the form, spaces removed, upper case ("2A004"); null when unknown. */
const normalisePostcode = (postcode: string | null): string | null => {
  const value = postcode?.replace(/\s+/g, '').toUpperCase();
  return value ? value : null;
};

function groupValues<T>(rows: readonly T[], key: (row: T) => string, value: (row: T) => string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const row of rows) {
    const list = out.get(key(row));
    if (list) list.push(value(row));
    else out.set(key(row), [value(row)]);
  }
  return out;
}
