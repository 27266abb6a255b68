import { Controller, Get, HttpCode, Param, Post, Req, Res, StreamableFile, UseInterceptors } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { AuthUser } from '../common/auth/auth-user.js';
import { AnyRole, CurrentUser, Roles } from '../common/auth/decorators.js';
import { DomainError } from '../common/errors/domain-error.js';
import { UuidPipe } from '../common/http/uuid.pipe.js';
import { ApiErrors, ApiFileResult, ApiResult } from '../common/openapi/api-result.decorator.js';
import { EvidencePhotoView } from './evidence-photo-view.js';
import { EvidencePhotosService } from './evidence-photos.service.js';
import type { PhotoVariant } from './evidence-storage.service.js';
import { PHOTO_FIELD, type PhotoRequest, PhotoUploadInterceptor } from './photo-upload.interceptor.js';

/**
 * Headers of every photo answer: never kept by a shared cache (`private`) nor by a shared
 * tablet's browser (`no-store`, as the pages: a minor's photo), never sniffed into another type.
 */
export function sendPhotoHeaders(res: Response): void {
  res.setHeader('Content-Type', 'image/jpeg');
  res.setHeader('Cache-Control', 'private, no-store');
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Content-Disposition', 'inline');
}

@ApiTags('evidence')
@ApiBearerAuth()
@Controller()
export class EvidenceController {
  constructor(private readonly photos: EvidencePhotosService) {}

  @Post('enrollments/:id/steps/:stepId/photos')
  @Roles('facilitator', 'admin', 'trainer')
  @HttpCode(201)
  @UseInterceptors(PhotoUploadInterceptor)
  @ApiOperation({
    summary: 'Add a photo as evidence for a step (staff; a trainer: their young people)',
    description:
      'multipart/form-data with one file in the field `photo` (at most EVIDENCE_MAX_BYTES, 10 MB by default). ' +
      'Its type is judged from its bytes, never from its name or declared type: JPEG, PNG, WebP or HEIF/AVIF, else 415. ' +
      'It is turned upright (EXIF orientation), re-encoded as JPEG without any metadata (no EXIF, no GPS position), ' +
      'its longest side at most 2048 px, with a 320 px thumbnail. Usually sent just before or after validating the step.',
  })
  @ApiParam({ name: 'stepId', description: 'the step’s id, or its code in the enrolment’s path (e.g. `laser-cutter`)' })
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: [PHOTO_FIELD],
      properties: { [PHOTO_FIELD]: { type: 'string', format: 'binary', description: 'the photo (JPEG, PNG, WebP, HEIF/AVIF)' } },
    },
  })
  @ApiResult(EvidencePhotoView)
  @ApiErrors('UNSUPPORTED_MEDIA_TYPE')
  async upload(
    @Param('id', UuidPipe) id: string,
    @Param('stepId') stepIdOrCode: string,
    @Req() req: PhotoRequest,
    @CurrentUser() user: AuthUser,
  ): Promise<EvidencePhotoView> {
    if (!req.is('multipart/form-data')) {
      throw new DomainError('UNSUPPORTED_MEDIA_TYPE', 'Send multipart/form-data with the photo in the field `photo`');
    }
    if (!req.file) throw DomainError.validation([{ field: PHOTO_FIELD, message: 'photo is required (a file in the field `photo`)' }]);
    return this.photos.upload(id, stepIdOrCode, req.file.buffer, user);
  }

  @Get('enrollments/:id/photos')
  @AnyRole()
  @ApiOperation({ summary: 'The photos given as evidence for the steps of an enrolment (staff in scope, or the learner themself)' })
  @ApiResult([EvidencePhotoView])
  photosOf(@Param('id', UuidPipe) id: string, @CurrentUser() user: AuthUser): Promise<EvidencePhotoView[]> {
    return this.photos.forEnrollment(id, user);
  }

  @Get('evidence-photos/:id')
  @AnyRole()
  @ApiOperation({ summary: 'A step photo (JPEG without metadata), for those who may see the person; Cache-Control: private, no-store' })
  @ApiFileResult('image/jpeg', 'the photo', { binary: true })
  photo(@Param('id', UuidPipe) id: string, @CurrentUser() user: AuthUser, @Res({ passthrough: true }) res: Response): Promise<StreamableFile> {
    return this.send(id, 'photo', user, res);
  }

  @Get('evidence-photos/:id/thumbnail')
  @AnyRole()
  @ApiOperation({ summary: 'A step photo’s thumbnail (at most 320 px), for those who may see the person' })
  @ApiFileResult('image/jpeg', 'the thumbnail', { binary: true })
  thumbnail(@Param('id', UuidPipe) id: string, @CurrentUser() user: AuthUser, @Res({ passthrough: true }) res: Response): Promise<StreamableFile> {
    return this.send(id, 'thumbnail', user, res);
  }

  private async send(id: string, variant: PhotoVariant, user: AuthUser, res: Response): Promise<StreamableFile> {
    const bytes = await this.photos.image(id, variant, user);
    sendPhotoHeaders(res);
    return new StreamableFile(bytes);
  }
}
