import { Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import QRCode from 'qrcode';
import type { AuthUser } from '../../common/auth/auth-user.js';
import { DomainError } from '../../common/errors/domain-error.js';
import { activationUrlFor } from '../../participants/activation-url.js';
import { LearnerAccountsService } from '../../participants/learner-accounts.service.js';
import { ParticipantsService } from '../../participants/participants.service.js';
import { FrenchDates } from '../shell/french.js';
import { redirect, sendPage } from '../shell/render.js';
import { ForRoles, Page, WebPages } from '../shell/web-page.decorator.js';
import { isUuid } from '../shell/web-paths.js';
import type { PageContext, WebRequest } from '../shell/web-request.js';
import { AccessPage, ParticipantPage, ParticipantsPage, StaffHomePage } from './staff.pages.js';

const PAGE_SIZE = 25;

/**
 * The staff's first pages: a home for their role, the participants they may see, a person's page
 * and "Donner l'accès" (the QR code of a learner's one-time activation link). Their full spaces
 * (facilitators' day, trainers' bookings) build on this.
 */
@WebPages()
@ForRoles('facilitator', 'admin', 'trainer')
@Controller('equipe')
export class StaffController {
  constructor(
    private readonly participants: ParticipantsService,
    private readonly accounts: LearnerAccountsService,
    private readonly dates: FrenchDates,
  ) {}

  @Get()
  home(@Page() page: PageContext, @Res() res: Response): void {
    sendPage(res, <StaffHomePage page={page} />);
  }

  @Get('participants')
  async list(@Page() page: PageContext, @Query('q') q: unknown, @Query('page') pageNumber: unknown, @Res() res: Response): Promise<void> {
    const search = typeof q === 'string' ? q.trim().slice(0, 100) : '';
    const number = Math.min(Math.max(1, Number.parseInt(String(pageNumber ?? '1'), 10) || 1), 10_000);
    const result = await this.participants.list(
      { search: search || undefined, limit: PAGE_SIZE, offset: (number - 1) * PAGE_SIZE } as never,
      page.user as AuthUser,
    );
    sendPage(res, <ParticipantsPage page={page} items={result.items} total={result.total} search={search} number={number} pageSize={PAGE_SIZE} />);
  }

  @Get('participants/:id')
  async show(@Page() page: PageContext, @Param('id') id: string, @Res() res: Response): Promise<void> {
    if (!isUuid(id)) throw DomainError.notFound('Participant');
    const detail = await this.participants.detail(id, page.user as AuthUser); // scoped as the API scopes it
    sendPage(res, <ParticipantPage page={page} person={detail} dates={this.dates} />);
  }

  /** "Donner l'accès": a new one-time code (replacing any earlier one), shown once as a QR code. */
  @Post('participants/:id/acces')
  async giveAccess(@Page() page: PageContext, @Param('id') id: string, @Req() req: WebRequest, @Res() res: Response): Promise<void> {
    if (!isUuid(id)) throw DomainError.notFound('Participant');
    const user = page.user as AuthUser;
    if (user.role === 'trainer') throw DomainError.notFound('Page');
    try {
      const issued = await this.accounts.issue(id, user);
      const url = activationUrlFor(req, issued.activationCode);
      const svg = await QRCode.toString(url, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
      const detail = await this.participants.detail(id, user);
      sendPage(res, <AccessPage page={page} person={detail} code={issued.activationCode} url={url} qrSvg={svg} expiresAt={issued.expiresAt} dates={this.dates} />);
    } catch (error) {
      if (error instanceof DomainError && error.code === 'CONFLICT') return redirect(res, `/equipe/participants/${id}?fait=ferme`);
      throw error;
    }
  }
}
