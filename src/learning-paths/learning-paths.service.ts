import { Injectable } from '@nestjs/common';
import { isUUID } from 'class-validator';
import { In, IsNull } from 'typeorm';
import { DomainError } from '../common/errors/domain-error.js';
import { type Page, type PaginationQuery, page } from '../common/http/pagination.js';
import { TransactionRunner } from '../database/transaction-runner.js';
import { LearningPathStep } from './learning-path-step.entity.js';
import { toLearningPathView, type LearningPathView } from './learning-path-view.js';
import { LearningPath } from './learning-path.entity.js';

/** The paths and their steps, for the API and for the participants feature. */
@Injectable()
export class LearningPathsService {
  constructor(private readonly tx: TransactionRunner) {}

  private get paths() {
    return this.tx.manager.getRepository(LearningPath);
  }

  private get steps() {
    return this.tx.manager.getRepository(LearningPathStep);
  }

  async list(query: PaginationQuery): Promise<Page<LearningPathView>> {
    const [paths, total] = await this.paths.findAndCount({
      where: { retiredAt: IsNull() },
      order: { position: 'ASC', code: 'ASC' },
      take: query.limit,
      skip: query.offset,
    });
    const steps = await this.stepsOf(paths.map((path) => path.id));
    return page(
      paths.map((path) => toLearningPathView(path, steps.get(path.id) ?? [])),
      total,
      query,
    );
  }

  /** By id or by code (case-insensitive). Retired paths are not found. */
  async get(idOrCode: string): Promise<LearningPathView> {
    const path = await this.findCurrent(idOrCode);
    if (!path) throw DomainError.notFound('Learning path');
    const steps = await this.stepsOf([path.id]);
    return toLearningPathView(path, steps.get(path.id) ?? []);
  }

  /** Codes of the paths still offered, in their order: the keys of per-path statistics. */
  async codes(): Promise<string[]> {
    const paths = await this.paths.find({ where: { retiredAt: IsNull() }, order: { position: 'ASC', code: 'ASC' } });
    return paths.map((path) => path.code);
  }

  /** A path still offered (not retired), by id or code. */
  async findCurrent(idOrCode: string): Promise<LearningPath | null> {
    const where = isUUID(idOrCode) ? { id: idOrCode.toLowerCase() } : { code: idOrCode.trim().toUpperCase() };
    return this.paths.findOneBy({ ...where, retiredAt: IsNull() });
  }

  /** Any path, retired or not, by code: for filters over past enrolments. */
  async findByCode(code: string): Promise<LearningPath | null> {
    return this.paths.findOneBy({ code: code.trim().toUpperCase() });
  }

  async findByIds(ids: string[]): Promise<Map<string, LearningPath>> {
    if (ids.length === 0) return new Map();
    const paths = await this.paths.findBy({ id: In([...new Set(ids)]) });
    return new Map(paths.map((path) => [path.id, path]));
  }

  /** Every step of these paths, retired ones included, in order. */
  async stepsOf(pathIds: string[]): Promise<Map<string, LearningPathStep[]>> {
    const result = new Map<string, LearningPathStep[]>();
    if (pathIds.length === 0) return result;
    const steps = await this.steps.find({
      where: { pathId: In([...new Set(pathIds)]) },
      order: { position: 'ASC', code: 'ASC' },
    });
    for (const step of steps) {
      const list = result.get(step.pathId) ?? [];
      list.push(step);
      result.set(step.pathId, list);
    }
    return result;
  }

  async findStep(stepId: string): Promise<LearningPathStep | null> {
    return this.steps.findOneBy({ id: stepId });
  }
}
