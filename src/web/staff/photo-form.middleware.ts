import { Injectable, type NestMiddleware, PayloadTooLargeException } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { PhotoUpload } from '../../evidence/photo-upload.interceptor.js';

/** What went wrong reading a photo form, for the page to say it in French beside the field. */
export type PhotoFormProblem = 'too_large' | 'unreadable';

export type PhotoFormRequest = Request & { file?: { buffer: Buffer }; photoFormProblem?: PhotoFormProblem };

/**
 * A form with a photo is multipart/form-data: read here, before the session guard, so that the
 * guard checks its CSRF token (the `_csrf` field, first in the form) in the body exactly as for
 * any other form — never from the address. Limits as the API's (EVIDENCE_MAX_BYTES); a photo too
 * large or a malformed body does not fail the request here: the guard still decides, then the
 * page shows the problem beside the field (the fields before the file are read).
 */
@Injectable()
export class PhotoFormMiddleware implements NestMiddleware {
  constructor(private readonly upload: PhotoUpload) {}

  use(req: PhotoFormRequest, res: Response, next: NextFunction): void {
    if (req.method !== 'POST' || !req.is('multipart/form-data')) return next();
    this.upload.read(req, res).then(
      () => next(),
      (error: unknown) => {
        req.photoFormProblem = error instanceof PayloadTooLargeException ? 'too_large' : 'unreadable';
        req.file = undefined;
        req.body ??= {};
        next();
      },
    );
  }
}
