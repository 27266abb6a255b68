import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { Clock } from '../common/time/clock.service.js';
import { AppConfig } from '../config/app-config.js';
import { TransactionRunner } from '../database/transaction-runner.service.js';
import { LearningPathsService } from '../learning-paths/learning-paths.service.js';
import { AUDIENCES } from '../participants/audience.js';
import { GENDERS } from '../participants/gender.js';
import { calendarYear, monthLabel, yearOf } from './calendar-year.js';
import { ReachQueries } from './reach-queries.service.js';
import { AGE_BANDS, targetFigures } from './target-arithmetic.js';
import type { TargetStats } from './target-stats.js';
import { TtlCache } from './ttl-cache.js';
import { YearlyTarget } from './yearly-target.entity.js';

export const DEFAULT_YEARLY_TARGET = 500;

const zeros = <K extends string>(keys: readonly K[]) => Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;

/** The yearly target: how many young people the fablab reached, who they are, and the pace. */
@Injectable()
export class StatsService {
  /**
   * The target statistics by year, computed at most once per STATS_CACHE_SECONDS (30 s by
   * default) in this process: a dashboard polled by several people costs one computation, and
   * the figures are at most that old (`asOf` says when they were computed).
   */
  private readonly cache: TtlCache<number, TargetStats>;

  constructor(
    private readonly queries: ReachQueries,
    private readonly paths: LearningPathsService,
    private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly tx: TransactionRunner,
    @InjectRepository(YearlyTarget) private readonly targets: Repository<YearlyTarget>,
  ) {
    this.cache = new TtlCache(config.statsCacheSeconds * 1000);
  }

  currentYear(): number {
    return yearOf(this.clock.now(), this.config.timezone);
  }

  async targetFor(year: number): Promise<number> {
    return (await this.targets.findOneBy({ year }))?.target ?? DEFAULT_YEARLY_TARGET;
  }

  async setTarget(year: number, target: number, actorId: string): Promise<{ year: number; target: number }> {
    await this.tx.run(async () => {
      const repo = this.tx.manager.getRepository(YearlyTarget);
      await repo.upsert(repo.create({ year, target, updatedBy: actorId }), ['year']);
    });
    this.cache.delete(year);
    return { year, target };
  }

  /** The figures of `year`, as of at most STATS_CACHE_SECONDS ago. */
  target(year: number): Promise<TargetStats> {
    return this.cache.get(year, () => this.compute(year));
  }

  private async compute(year: number): Promise<TargetStats> {
    const zone = this.config.timezone;
    const cal = calendarYear(year, zone, this.clock.now());
    const range = { from: cal.start, to: cal.end };
    const [target, { cells: cube, byPath: byPathCounts }, completions, pathCodes] = await Promise.all([
      this.targetFor(year),
      this.queries.reach(range, year, cal.monthStarts),
      this.queries.completions(range),
      this.paths.codes(),
    ]);

    const byAudience = zeros(AUDIENCES);
    const byGender = zeros(GENDERS);
    const byAgeBand = zeros(AGE_BANDS);
    const byQpv = { qpv: 0, other: 0 };
    const partnerCounts = new Map<string | null, number>();
    const monthly = Array.from({ length: 12 }, () => 0);
    let reached = 0;
    let newThisYear = 0;
    for (const cell of cube) {
      reached += cell.count;
      if (cell.isNew) newThisYear += cell.count;
      byAudience[cell.audience as keyof typeof byAudience] += cell.count;
      byGender[cell.gender as keyof typeof byGender] += cell.count;
      byAgeBand[cell.ageBand as keyof typeof byAgeBand] += cell.count;
      byQpv[cell.qpv ? 'qpv' : 'other'] += cell.count;
      partnerCounts.set(cell.partnerId, (partnerCounts.get(cell.partnerId) ?? 0) + cell.count);
      monthly[cell.monthIndex] += cell.count;
    }
    const names = await this.queries.partnerNames([...partnerCounts.keys()].filter((id): id is string => id !== null));
    const byPartner = [...partnerCounts.entries()]
      .map(([partnerId, count]) => ({ partnerId, name: partnerId ? (names.get(partnerId) ?? null) : null, count }))
      .sort((a, b) => b.count - a.count || String(a.name).localeCompare(String(b.name)));

    // Months that have begun: all twelve for a past year, none for a future one.
    const monthsShown = cal.phase === 'past' ? 12 : cal.phase === 'future' ? 0 : this.monthsBegun(cal.monthStarts);
    let cumulative = 0;
    const series = monthly.slice(0, monthsShown).map((newlyReached, i) => {
      cumulative += newlyReached;
      return { month: monthLabel(cal.monthStarts[i], zone), newlyReached, cumulative };
    });

    return {
      year,
      target,
      reached,
      ...targetFigures(reached, target, cal),
      newThisYear,
      completions,
      byAudience,
      byPath: { ...zeros(pathCodes), ...byPathCounts },
      byGender,
      byAgeBand,
      byQpv,
      byPartner,
      monthly: series,
      asOf: this.clock.now().toISOString(),
    };
  }

  private monthsBegun(monthStarts: Date[]): number {
    const now = this.clock.now().getTime();
    return monthStarts.slice(0, 12).filter((start) => start.getTime() <= now).length;
  }
}
