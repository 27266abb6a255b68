import { Controller, Get, Res } from '@nestjs/common';
import type { Response } from 'express';
import { sendPage } from '../shell/render.js';
import { ForRoles, Page, WebPages } from '../shell/web-page.decorator.js';
import type { PageContext } from '../shell/web-request.js';
import { StaffHomePage } from './staff.pages.js';

/** The staff's home (`/equipe`). The participants' pages are ParticipantsPagesController. */
@WebPages()
@ForRoles('facilitator', 'admin', 'trainer')
@Controller('equipe')
export class StaffController {
  @Get()
  home(@Page() page: PageContext, @Res() res: Response): void {
    sendPage(res, <StaffHomePage page={page} />);
  }
}
