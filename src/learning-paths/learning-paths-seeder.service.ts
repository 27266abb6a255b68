import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { IsNull } from 'typeorm';
import { Clock } from '../common/time/clock.service.js';
import { AppConfig } from '../config/app-config.js';
import { TransactionRunner } from '../database/transaction-runner.service.js';
import type { LearningPathFile } from './learning-path-file.js';
import { readLearningPathFiles } from './learning-path-files.js';
import { LearningPathStep } from './learning-path-step.entity.js';
import { LearningPath } from './learning-path.entity.js';
import { LearningPathsService } from './learning-paths.service.js';

/** Any number: the key of the PostgreSQL advisory lock that serialises seeding across instances. */
const SEED_LOCK_KEY = 4_004_004;

export interface SeedSummary {
  pathsCreated: number;
  pathsUpdated: number;
  pathsRetired: number;
  stepsCreated: number;
  stepsUpdated: number;
  stepsRetired: number;
}

/**
 * Copies config/learning-paths/*.json into the database at every start, in one transaction.
 * Idempotent: paths are matched by code and steps by (path, code), so re-running never
 * duplicates; nothing is ever deleted (a step or path gone from the files is retired), so
 * enrolments and their progress survive any edit.
 */
@Injectable()
export class LearningPathsSeeder implements OnApplicationBootstrap {
  private readonly logger = new Logger(LearningPathsSeeder.name);

  constructor(
    private readonly config: AppConfig,
    private readonly tx: TransactionRunner,
    private readonly learningPaths: LearningPathsService,
    private readonly clock: Clock,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const files = readLearningPathFiles(this.config.learningPathsDir);
    const summary = await this.seed(files);
    this.logger.log({ ...summary }, 'learning paths seeded');
  }

  async seed(files: LearningPathFile[], now = this.clock.now()): Promise<SeedSummary> {
    try {
      return await this.write(files, now);
    } finally {
      this.learningPaths.forgetCatalogue();
    }
  }

  private write(files: LearningPathFile[], now: Date): Promise<SeedSummary> {
    return this.tx.run(async () => {
      if (this.tx.manager.connection.options.type === 'postgres') {
        // Several instances may start together: one seeds, the others then find nothing to do.
        await this.tx.manager.query('SELECT pg_advisory_xact_lock($1)', [SEED_LOCK_KEY]);
      }
      const summary: SeedSummary = { pathsCreated: 0, pathsUpdated: 0, pathsRetired: 0, stepsCreated: 0, stepsUpdated: 0, stepsRetired: 0 };
      const repo = this.tx.manager.getRepository(LearningPath);
      const existing = new Map((await repo.find()).map((path) => [path.code, path]));
      for (const file of files) {
        const path = existing.get(file.code);
        const saved = await this.upsertPath(path, file, summary);
        await this.syncSteps(saved, file, now, summary);
      }
      const codes = new Set(files.map((file) => file.code));
      for (const path of existing.values()) {
        if (!codes.has(path.code) && !path.retiredAt) {
          await repo.update({ id: path.id }, { retiredAt: now });
          summary.pathsRetired++;
        }
      }
      return summary;
    });
  }

  private async upsertPath(
    path: LearningPath | undefined,
    file: LearningPathFile,
    summary: SeedSummary,
  ): Promise<LearningPath> {
    const repo = this.tx.manager.getRepository(LearningPath);
    const wanted = {
      position: file.position,
      title: file.title,
      description: file.description,
      audiences: file.audiences,
      requiresCompletedPath: file.requiresCompletedPath,
      retiredAt: null,
    };
    if (!path) {
      summary.pathsCreated++;
      return repo.save(repo.create({ code: file.code, ...wanted }));
    }
    if (differs(path, wanted)) {
      summary.pathsUpdated++;
      return repo.save(Object.assign(path, wanted));
    }
    return path;
  }

  private async syncSteps(
    path: LearningPath,
    file: LearningPathFile,
    now: Date,
    summary: SeedSummary,
  ): Promise<void> {
    const repo = this.tx.manager.getRepository(LearningPathStep);
    const existing = new Map((await repo.findBy({ pathId: path.id })).map((step) => [step.code, step]));
    for (const [index, stepFile] of file.steps.entries()) {
      const wanted = {
        position: index + 1,
        title: stepFile.title,
        description: stepFile.description ?? null,
        kind: stepFile.kind,
        expectedHours: stepFile.expectedHours,
        required: stepFile.required,
        grantsQualification: stepFile.grantsQualification ?? null,
        retiredAt: null,
      };
      const step = existing.get(stepFile.code);
      if (!step) {
        await repo.save(repo.create({ pathId: path.id, code: stepFile.code, ...wanted }));
        summary.stepsCreated++;
      } else if (differs(step, wanted)) {
        await repo.save(Object.assign(step, wanted));
        summary.stepsUpdated++;
      }
    }
    const codes = new Set(file.steps.map((step) => step.code));
    const gone = [...existing.values()].filter((step) => !codes.has(step.code) && !step.retiredAt);
    for (const step of gone) {
      await repo.update({ id: step.id, retiredAt: IsNull() }, { retiredAt: now });
      summary.stepsRetired++;
    }
  }
}

/** Whether saving `wanted` would change the row (so an unchanged file writes nothing). */
function differs(row: object, wanted: Record<string, unknown>): boolean {
  const current = row as Record<string, unknown>;
  return Object.entries(wanted).some(([key, value]) => JSON.stringify(current[key]) !== JSON.stringify(value));
}
