import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import type { Request, Response } from 'express';
import { of } from 'rxjs';
import { AppConfig } from '../config/app-config.js';

/** The multipart field that carries the photo, in the API and in the web form. */
export const PHOTO_FIELD = 'photo';

/** A request once its multipart body is read: the photo's bytes, if one was sent. */
export type PhotoRequest = Request & { file?: { buffer: Buffer; size: number } };

/**
 * Reads a multipart/form-data body held in memory, with the limits of EVIDENCE_MAX_BYTES: one
 * file (field `photo`), a few short text fields. Nest's own multer interceptor does the work; a
 * photo over the limit is a PayloadTooLargeException (413), a malformed body or another file
 * field a BadRequestException (400). The client's file name and declared type are ignored.
 */
@Injectable()
export class PhotoUpload {
  private readonly multer: NestInterceptor;

  constructor(config: AppConfig) {
    const Multer = FileInterceptor(PHOTO_FIELD, {
      limits: { fileSize: config.evidenceMaxBytes, files: 1, fields: 20, fieldSize: 64 * 1024, parts: 25 },
    });
    this.multer = new Multer();
  }

  async read(request: Request, response: Response): Promise<void> {
    const context = { switchToHttp: () => ({ getRequest: () => request, getResponse: () => response }) } as unknown as ExecutionContext;
    await this.multer.intercept(context, { handle: () => of(undefined) });
  }
}

/** For the API's upload route: reads the body once the guards have let the caller through. */
@Injectable()
export class PhotoUploadInterceptor implements NestInterceptor {
  constructor(private readonly upload: PhotoUpload) {}

  async intercept(context: ExecutionContext, next: CallHandler) {
    const http = context.switchToHttp();
    await this.upload.read(http.getRequest<Request>(), http.getResponse<Response>());
    return next.handle();
  }
}
