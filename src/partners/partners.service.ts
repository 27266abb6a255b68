import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { DomainError } from '../common/errors/domain-error.js';
import { isUniqueViolation } from '../common/errors/database-errors.js';
import { type Page, type PaginationQuery, page } from '../common/http/pagination.js';
import { fold } from '../common/text/fold.js';
import { TransactionRunner } from '../database/transaction-runner.service.js';
import type { CreatePartnerDto } from './dto/create-partner.dto.js';
import type { UpdatePartnerDto } from './dto/update-partner.dto.js';
import { Partner } from './partner.entity.js';

@Injectable()
export class PartnersService {
  constructor(
    @InjectRepository(Partner) private readonly partners: Repository<Partner>,
    private readonly tx: TransactionRunner,
  ) {}

  async create(dto: CreatePartnerDto): Promise<Partner> {
    await this.assertNameFree(dto.name);
    return this.saveUnique(this.partners.create({ name: dto.name, nameKey: fold(dto.name), kind: dto.kind, active: true }));
  }

  async list(query: PaginationQuery): Promise<Page<Partner>> {
    const [items, total] = await this.partners.findAndCount({
      order: { name: 'ASC' },
      take: query.limit,
      skip: query.offset,
    });
    return page(items, total, query);
  }

  async get(id: string): Promise<Partner> {
    const partner = await this.partners.findOneBy({ id });
    if (!partner) throw DomainError.notFound('Partner');
    return partner;
  }

  async exists(id: string): Promise<boolean> {
    return this.partners.existsBy({ id });
  }

  async update(id: string, dto: UpdatePartnerDto): Promise<Partner> {
    const partner = await this.get(id);
    if (dto.name !== undefined && fold(dto.name) !== fold(partner.name)) {
      await this.assertNameFree(dto.name);
    }
    Object.assign(partner, dto);
    partner.nameKey = fold(partner.name);
    return this.saveUnique(partner);
  }

  private async assertNameFree(name: string): Promise<void> {
    const clash = await this.partners.existsBy({ nameKey: fold(name) });
    if (clash) throw new DomainError('CONFLICT', `A partner named "${name}" already exists`);
  }

  private async saveUnique(partner: Partner): Promise<Partner> {
    try {
      return await this.tx.run(() => this.tx.manager.getRepository(Partner).save(partner));
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw new DomainError('CONFLICT', `A partner named "${partner.name}" already exists`);
      }
      throw error;
    }
  }
}
