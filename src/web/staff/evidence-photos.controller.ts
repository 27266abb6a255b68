import { Controller, Get, Param, Res } from '@nestjs/common';
import type { Response } from 'express';
import type { AuthUser } from '../../common/auth/auth-user.js';
import { DomainError } from '../../common/errors/domain-error.js';
import { sendPhotoHeaders } from '../../evidence/evidence.controller.js';
import { EvidencePhotosService } from '../../evidence/evidence-photos.service.js';
import type { PhotoVariant } from '../../evidence/evidence-storage.service.js';
import { ForRoles, Page, WebPages } from '../shell/web-page.decorator.js';
import { isUuid } from '../shell/web-paths.js';
import type { PageContext } from '../shell/web-request.js';

/** A step photo's address for pages (`/photos/:id`, `/photos/:id/miniature`). */
export const photoPath = (id: string, variant: PhotoVariant = 'photo'): string => (variant === 'photo' ? `/photos/${id}` : `/photos/${id}/miniature`);

/**
 * Step photos for pages, with the session: the same service and scope as the API's image routes
 * (anyone who may see the person: staff in scope, the learner themself); anyone else gets the
 * "page introuvable". Private to the browser, never sniffed.
 */
@WebPages()
@ForRoles('facilitator', 'admin', 'trainer', 'learner')
@Controller('photos')
export class EvidencePhotoPagesController {
  constructor(private readonly photos: EvidencePhotosService) {}

  @Get(':id')
  photo(@Page() page: PageContext, @Param('id') id: string, @Res() res: Response): Promise<void> {
    return this.send(page, id, 'photo', res);
  }

  @Get(':id/miniature')
  thumbnail(@Page() page: PageContext, @Param('id') id: string, @Res() res: Response): Promise<void> {
    return this.send(page, id, 'thumbnail', res);
  }

  private async send(page: PageContext, id: string, variant: PhotoVariant, res: Response): Promise<void> {
    if (!isUuid(id)) throw DomainError.notFound('Photo');
    const bytes = await this.photos.image(id, variant, page.user as AuthUser);
    sendPhotoHeaders(res);
    res.status(200).end(bytes);
  }
}
