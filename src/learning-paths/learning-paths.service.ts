import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { isUUID } from 'class-validator';
import { type DataSource, IsNull } from 'typeorm';
import { DomainError } from '../common/errors/domain-error.js';
import { type Page, type PaginationQuery, page } from '../common/http/pagination.js';
import { TransactionRunner } from '../database/transaction-runner.service.js';
import { LearningPathStep } from './learning-path-step.entity.js';
import { toLearningPathView, type LearningPathView } from './learning-path-view.js';
import { LearningPath } from './learning-path.entity.js';

/** Every path and step, retired ones included, steps in order. */
interface Catalogue {
  paths: Map<string, LearningPath>;
  steps: Map<string, LearningPathStep[]>;
}

/**
 * How long a process keeps the catalogue. Paths and steps are written only by the seeder, at
 * start: this process forgets its copy when it seeds; another instance that restarts with edited
 * files is seen here within this delay.
 */
const CATALOGUE_TTL_MS = 60_000;

/** A path or step the copy does not know (seeded by another instance since) reloads it, at most this often. */
const CATALOGUE_RELOAD_MS = 1_000;

/** The paths and their steps, for the API and for the participants feature. */
@Injectable()
export class LearningPathsService {
  private catalogue: { loadedAt: number; loading: Promise<Catalogue> } | null = null;

  constructor(
    private readonly tx: TransactionRunner,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  private get paths() {
    return this.tx.manager.getRepository(LearningPath);
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

  /** These paths, retired ones included (from the catalogue: no query on the hot read paths). */
  async findByIds(ids: string[]): Promise<Map<string, LearningPath>> {
    const result = new Map<string, LearningPath>();
    if (ids.length === 0) return result;
    const { paths } = await this.snapshot(ids);
    for (const id of ids) {
      const path = paths.get(id);
      if (path) result.set(id, path);
    }
    return result;
  }

  /**
   * Every step of these paths, retired ones included, in order: from the catalogue, for views.
   * Rules that write (completing an enrolment) use `stepsInTransaction`.
   */
  async stepsOf(pathIds: string[]): Promise<Map<string, LearningPathStep[]>> {
    const result = new Map<string, LearningPathStep[]>();
    if (pathIds.length === 0) return result;
    const { steps } = await this.snapshot(pathIds);
    for (const id of pathIds) {
      const list = steps.get(id);
      if (list) result.set(id, [...list]);
    }
    return result;
  }

  /** The steps of a path as the surrounding transaction sees them, retired ones included, in order. */
  async stepsInTransaction(pathId: string): Promise<LearningPathStep[]> {
    return this.tx.manager.getRepository(LearningPathStep).find({
      where: { pathId },
      order: { position: 'ASC', code: 'ASC' },
    });
  }

  /** A step as the surrounding transaction sees it (it is about to be submitted or validated). */
  async findStep(stepId: string): Promise<LearningPathStep | null> {
    return this.tx.manager.getRepository(LearningPathStep).findOneBy({ id: stepId });
  }

  /** A step of this path by its id or its code (unique in the path), retired ones included. */
  async findStepOfPath(pathId: string, idOrCode: string): Promise<LearningPathStep | null> {
    const where = isUUID(idOrCode) ? { pathId, id: idOrCode.toLowerCase() } : { pathId, code: idOrCode.trim().toLowerCase() };
    return this.tx.manager.getRepository(LearningPathStep).findOneBy(where);
  }

  /** Called by the seeder once it has written: the next read loads the catalogue again. */
  forgetCatalogue(): void {
    this.catalogue = null;
  }

  /** The catalogue; loaded again when older than the TTL, or when it lacks one of these paths. */
  private async snapshot(pathIds: string[]): Promise<Catalogue> {
    const catalogue = await this.load();
    if (pathIds.every((id) => catalogue.paths.has(id)) || Date.now() - (this.catalogue?.loadedAt ?? 0) < CATALOGUE_RELOAD_MS) return catalogue;
    this.forgetCatalogue();
    return this.load();
  }

  private load(): Promise<Catalogue> {
    const now = Date.now();
    if (!this.catalogue || now - this.catalogue.loadedAt > CATALOGUE_TTL_MS) {
      const loading = this.loadCatalogue();
      const entry = { loadedAt: now, loading };
      this.catalogue = entry;
      // A failed load is not kept: the next read tries again.
      loading.catch(() => {
        if (this.catalogue === entry) this.catalogue = null;
      });
    }
    return this.catalogue.loading;
  }

  /**
   * Not through a request's transaction: the copy is shared by every request. (Only the seeder
   * writes these tables, and it forgets the copy once committed.)
   */
  private async loadCatalogue(): Promise<Catalogue> {
    const manager = this.dataSource.manager;
    const [paths, steps] = await Promise.all([
      manager.getRepository(LearningPath).find(),
      manager.getRepository(LearningPathStep).find({ order: { position: 'ASC', code: 'ASC' } }),
    ]);
    const byPath = new Map<string, LearningPathStep[]>();
    for (const step of steps) {
      const list = byPath.get(step.pathId) ?? [];
      list.push(step);
      byPath.set(step.pathId, list);
    }
    return {
      paths: new Map(paths.map((path) => [path.id, path])),
      steps: byPath,
    };
  }
}
