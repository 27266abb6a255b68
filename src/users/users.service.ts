import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { type FindOptionsWhere, In, Not, type Repository } from 'typeorm';
import type { AuthUser } from '../common/auth/auth-user.js';
import { hashPassword } from '../common/auth/passwords.js';
import { DomainError } from '../common/errors/domain-error.js';
import { isUniqueViolation } from '../common/errors/database-errors.js';
import { DomainEvents } from '../common/events/domain-events.service.js';
import { type Page, page } from '../common/http/pagination.js';
import { Clock } from '../common/time/clock.service.js';
import { TransactionRunner } from '../database/transaction-runner.service.js';
import { PartnersService } from '../partners/partners.service.js';
import type { CreateUserDto } from './dto/create-user.dto.js';
import type { ListUsersQuery } from './dto/list-users.query.js';
import type { UpdateUserDto } from './dto/update-user.dto.js';
import { User } from './user.entity.js';

/**
 * Real time, not the Clock: sessions issued before this instant end, and their own stamps (the
 * access token's `iat`, the refresh token's createdAt) are real time.
 */
const credentialsChangeInstant = (): Date => new Date();

@Injectable()
export class UsersService {
  constructor(
    @InjectRepository(User) private readonly users: Repository<User>,
    private readonly tx: TransactionRunner,
    private readonly partners: PartnersService,
    private readonly events: DomainEvents,
    private readonly clock: Clock,
  ) {}

  async create(dto: CreateUserDto): Promise<User> {
    if (!dto.email && !dto.username) {
      throw DomainError.validation([{ field: 'email', message: 'an e-mail or a username is required' }]);
    }
    if (dto.role === 'learner') {
      throw DomainError.validation([
        { field: 'role', message: 'learner accounts are created from a participant: POST /participants/:id/account' },
      ]);
    }
    await this.checkPartner(dto.role, dto.partnerId ?? null);
    await this.assertIdentifiersFree(dto.email ?? null, dto.username ?? null);
    const user = this.users.create({
      email: dto.email ?? null,
      username: dto.username ?? null,
      passwordHash: await hashPassword(dto.password),
      role: dto.role,
      displayName: dto.displayName,
      partnerId: dto.role === 'trainer' ? (dto.partnerId ?? null) : null,
      participantId: null,
      active: true,
      lastLoginAt: null,
      credentialsChangedAt: null,
    });
    return this.saveUnique(user);
  }

  async list(query: ListUsersQuery): Promise<Page<User>> {
    const where: FindOptionsWhere<User> = {};
    if (query.role) where.role = query.role;
    if (query.partnerId) where.partnerId = query.partnerId;
    if (query.active !== undefined) where.active = query.active;
    const [items, total] = await this.users.findAndCount({
      where,
      order: { displayName: 'ASC', id: 'ASC' },
      take: query.limit,
      skip: query.offset,
    });
    return page(items, total, query);
  }

  async get(id: string): Promise<User> {
    const user = await this.users.findOneBy({ id });
    if (!user) throw DomainError.notFound('User');
    return user;
  }

  async update(id: string, dto: UpdateUserDto, actor: AuthUser): Promise<User> {
    const user = await this.get(id);
    if (id === actor.id && (dto.active === false || (dto.role && dto.role !== user.role))) {
      throw new DomainError('CONFLICT', 'You cannot deactivate your own account or change your own role');
    }
    if (dto.role === 'learner' && user.role !== 'learner') {
      throw DomainError.validation([{ field: 'role', message: 'a staff account cannot become a learner account' }]);
    }
    const role = dto.role ?? user.role;
    const partnerId = dto.partnerId !== undefined ? dto.partnerId : user.partnerId;
    await this.checkPartner(role, partnerId);
    const email = dto.email !== undefined && dto.email !== user.email ? dto.email : null;
    const username = dto.username !== undefined && dto.username !== user.username ? dto.username : null;
    await this.assertIdentifiersFree(email, username);

    if (dto.email !== undefined) user.email = dto.email;
    if (dto.username !== undefined) user.username = dto.username;
    if (dto.displayName !== undefined) user.displayName = dto.displayName;
    user.role = role;
    user.partnerId = role === 'trainer' ? partnerId : null;
    let endSessions = false;
    if (dto.password !== undefined) {
      user.passwordHash = await hashPassword(dto.password);
      user.credentialsChangedAt = credentialsChangeInstant();
      endSessions = true;
    }
    if (dto.active !== undefined && dto.active !== user.active) {
      user.active = dto.active;
      if (!dto.active) {
        user.credentialsChangedAt = credentialsChangeInstant();
        endSessions = true;
      }
    }
    return this.saveUnique(user, endSessions ? () => this.events.emit('user.credentials-changed', { userId: user.id }) : undefined);
  }

  /**
   * POST /auth/password: the caller's own new password (already hashed). The session it is made
   * from goes on; AuthService ends the others.
   */
  async setOwnPasswordHash(id: string, passwordHash: string): Promise<void> {
    await this.tx.run(() => this.repository().update({ id }, { passwordHash }));
  }

  /** For POST /auth/password: the caller's current hash. */
  async passwordHashOf(id: string): Promise<string | null> {
    const user = await this.users.createQueryBuilder('u').addSelect('u.passwordHash').where('u.id = :id', { id }).getOne();
    return user?.passwordHash ?? null;
  }

  async deactivate(id: string, actor: AuthUser): Promise<User> {
    return this.update(id, { active: false }, actor);
  }

  /** For login: the user with this e-mail or username, password hash included. */
  async findByLogin(login: string): Promise<User | null> {
    const normalised = login.trim().toLowerCase();
    return this.users
      .createQueryBuilder('u')
      .addSelect('u.passwordHash')
      .where('u.email = :login OR u.username = :login', { login: normalised })
      .getOne();
  }

  async findActive(id: string): Promise<User | null> {
    return this.users.findOneBy({ id, active: true });
  }

  /** Active accounts among these ids (notification recipients). */
  async findActiveMany(ids: string[]): Promise<User[]> {
    if (ids.length === 0) return [];
    return this.users.findBy({ id: In([...new Set(ids)]), active: true });
  }

  /** Ids of the active accounts with one of these roles (facilitators, admins…), in a stable order. */
  async activeIdsByRole(roles: User['role'][]): Promise<string[]> {
    const users = await this.users.find({ select: { id: true }, where: { role: In(roles), active: true }, order: { id: 'ASC' } });
    return users.map((u) => u.id);
  }

  async recordLogin(id: string): Promise<void> {
    await this.tx.run(() => this.repository().update({ id }, { lastLoginAt: this.clock.now() }));
  }

  async count(): Promise<number> {
    return this.users.count();
  }

  /** Creates the first admin. Returns null if another instance got there first. */
  async createFirstAdmin(email: string | null, password: string): Promise<User | null> {
    const user = this.users.create({
      email,
      username: 'admin',
      passwordHash: await hashPassword(password),
      role: 'admin',
      displayName: 'Administrateur',
      partnerId: null,
      participantId: null,
      active: true,
      lastLoginAt: null,
      credentialsChangedAt: null,
    });
    try {
      return await this.tx.run(() => this.repository().save(user));
    } catch (error) {
      if (isUniqueViolation(error)) return null;
      throw error;
    }
  }

  /**
   * Creates the learner account of a participant: no login, no password, inactive — unusable
   * until activated (POST /auth/activate). Returns the existing account if there is one.
   */
  async createLearnerAccount(participantId: string, displayName: string): Promise<User> {
    const users = this.repository();
    const existing = await users.findOneBy({ participantId });
    if (existing) return existing;
    return users.save(
      users.create({
        email: null,
        username: null,
        passwordHash: null,
        role: 'learner',
        displayName,
        partnerId: null,
        participantId,
        active: false,
        lastLoginAt: null,
        credentialsChangedAt: null,
      }),
    );
  }

  /** The learner account of a participant, and whether it was ever activated (has a password). */
  async findLearnerAccount(participantId: string): Promise<{ user: User; activated: boolean } | null> {
    const user = await this.repository()
      .createQueryBuilder('u')
      .addSelect('u.passwordHash')
      .where('u.participantId = :participantId', { participantId })
      .getOne();
    if (!user) return null;
    const activated = user.passwordHash !== null;
    delete (user as Partial<User>).passwordHash;
    return { user, activated };
  }

  /**
   * Gives a learner account its username and password (hashed by the caller, outside the
   * transaction: on SQLite a hash inside it holds its group's COMMIT) and opens it. Username
   * taken → 409; an account an admin closed after its activation stays closed.
   */
  async activateLearner(userId: string, username: string, passwordHash: string): Promise<User> {
    const users = this.repository();
    const current = await users
      .createQueryBuilder('u')
      .addSelect('u.passwordHash')
      .where('u.id = :userId AND u.role = :role', { userId, role: 'learner' })
      .getOne();
    if (!current) throw DomainError.notFound('User');
    if (current.passwordHash && !current.active) {
      throw new DomainError('INVALID_CREDENTIALS', 'This account was closed by an administrator');
    }
    if (await users.existsBy({ username, id: Not(userId) })) {
      throw new DomainError('CONFLICT', 'This username is already taken', { field: 'username' });
    }
    try {
      await users.update({ id: userId }, { username, passwordHash, active: true, credentialsChangedAt: credentialsChangeInstant() });
      // A new code for an activated account is a reset: whoever held the old sessions loses them.
      if (current.passwordHash) await this.events.emit('user.credentials-changed', { userId });
    } catch (error) {
      if (isUniqueViolation(error)) throw new DomainError('CONFLICT', 'This username is already taken', { field: 'username' });
      throw error;
    }
    const user = await users.findOneBy({ id: userId });
    if (!user) throw DomainError.notFound('User');
    return user;
  }

  /**
   * GDPR erasure: the learner account of the participant loses its e-mail, username, password
   * and name and is closed for good. The row stays (anonymised) so that what the person did
   * remains attributable to "an erased learner" without naming them.
   */
  async anonymiseLearnerAccount(participantId: string): Promise<void> {
    const account = await this.repository().findOneBy({ participantId, role: 'learner' });
    if (account) await this.events.emit('user.credentials-changed', { userId: account.id });
    await this.repository().update(
      { participantId, role: 'learner' },
      {
        email: null,
        username: null,
        passwordHash: null,
        displayName: 'Compte effacé',
        active: false,
        lastLoginAt: null,
        credentialsChangedAt: credentialsChangeInstant(),
      },
    );
  }

  /** The repository of the surrounding transaction (TransactionRunner), if any. */
  private repository(): Repository<User> {
    return this.tx.manager.getRepository(User);
  }

  private async checkPartner(role: User['role'], partnerId: string | null): Promise<void> {
    if (role === 'trainer' && !partnerId) {
      throw DomainError.validation([{ field: 'partnerId', message: 'a trainer belongs to a partner: partnerId is required' }]);
    }
    if (role === 'trainer' && partnerId && !(await this.partners.exists(partnerId))) {
      throw DomainError.validation([{ field: 'partnerId', message: 'no partner has this id' }]);
    }
  }

  private async assertIdentifiersFree(email: string | null, username: string | null): Promise<void> {
    if (email && (await this.users.existsBy({ email }))) {
      throw new DomainError('CONFLICT', 'This e-mail is already used by another account', { field: 'email' });
    }
    if (username && (await this.users.existsBy({ username }))) {
      throw new DomainError('CONFLICT', 'This username is already taken', { field: 'username' });
    }
  }

  private async saveUnique(user: User, alsoInTransaction?: () => Promise<void>): Promise<User> {
    try {
      const saved = await this.tx.run(async () => {
        const row = await this.repository().save(user);
        await alsoInTransaction?.();
        return row;
      });
      return this.get(saved.id);
    } catch (error) {
      if (isUniqueViolation(error)) throw new DomainError('CONFLICT', 'This e-mail or username is already used');
      throw error;
    }
  }
}
