import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { Clock } from '../common/time/clock.service.js';
import { AppConfig } from '../config/app-config.js';
import { TransactionRunner } from '../database/transaction-runner.service.js';
import { AUDIENCES } from '../participants/audience.js';
import { GENDERS } from '../participants/gender.js';
import { calendarYear, yearOf } from './calendar-year.js';
import { ReachQueries } from './reach-queries.service.js';
import { AGE_BANDS, ageBand, targetFigures } from './target-arithmetic.js';
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
    const figures = await this.queries.yearFigures({ from: cal.start, to: cal.end }, year, cal.monthStarts);
    const target = figures.target ?? DEFAULT_YEARLY_TARGET;

    const byAgeBand = zeros(AGE_BANDS);
    for (const [birthYear, count] of figures.byBirthYear) byAgeBand[ageBand(year, birthYear)] += count;
    const byPartner = figures.byPartner.sort((a, b) => b.count - a.count || String(a.name).localeCompare(String(b.name)));

    // Months that have begun: all twelve for a past year, none for a future one.
    const monthsShown = cal.phase === 'past' ? 12 : cal.phase === 'future' ? 0 : this.monthsBegun(cal.monthStarts);
    let cumulative = 0;
    const series = figures.monthly.slice(0, monthsShown).map((newlyReached, i) => {
      cumulative += newlyReached;
      return { month: cal.monthLabels[i], newlyReached, cumulative };
    });

    return {
      year,
      target,
      reached: figures.reached,
      ...targetFigures(figures.reached, target, cal),
      newThisYear: figures.newThisYear,
      completions: figures.completions,
      byAudience: { ...zeros(AUDIENCES), ...Object.fromEntries(figures.byAudience) },
      byPath: { ...zeros(figures.offeredPaths), ...figures.byPath },
      byGender: { ...zeros(GENDERS), ...Object.fromEntries(figures.byGender) },
      byAgeBand,
      byQpv: figures.byQpv,
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
