import { ApiProperty } from '@nestjs/swagger';
import type { EvidencePhoto } from './evidence-photo.entity.js';
import { PHOTO_FORMATS, type PhotoFormat } from './photo-processing.js';

/** A step photo's facts; the image itself is at `url` (and `thumbnailUrl`), for those allowed to see the person. */
export class EvidencePhotoView {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ format: 'uuid' })
  participantId: string;

  @ApiProperty({ format: 'uuid' })
  enrollmentId: string;

  @ApiProperty({ format: 'uuid' })
  stepId: string;

  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'who sent it' })
  uploadedByUserId: string | null;

  @ApiProperty({ enum: PHOTO_FORMATS, enumName: 'PhotoSourceFormat', description: 'what the upload was, judged from its bytes' })
  sourceFormat: PhotoFormat;

  @ApiProperty({ enum: ['image/jpeg'], description: 'the stored photo is always a JPEG re-encoded without metadata' })
  contentType: 'image/jpeg';

  @ApiProperty({ type: 'integer' })
  width: number;

  @ApiProperty({ type: 'integer' })
  height: number;

  @ApiProperty({ type: 'integer', description: 'the stored JPEG’s size in bytes' })
  byteSize: number;

  @ApiProperty({ type: 'integer' })
  thumbnailWidth: number;

  @ApiProperty({ type: 'integer' })
  thumbnailHeight: number;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  @ApiProperty({ example: '/api/evidence-photos/6f1c…', description: 'GET it with the same bearer token' })
  url: string;

  @ApiProperty({ example: '/api/evidence-photos/6f1c…/thumbnail' })
  thumbnailUrl: string;
}

export const toEvidencePhotoView = (photo: EvidencePhoto): EvidencePhotoView => ({
  id: photo.id,
  participantId: photo.participantId,
  enrollmentId: photo.enrollmentId,
  stepId: photo.stepId,
  uploadedByUserId: photo.uploadedByUserId,
  sourceFormat: photo.sourceFormat,
  contentType: 'image/jpeg',
  width: photo.width,
  height: photo.height,
  byteSize: photo.byteSize,
  thumbnailWidth: photo.thumbnailWidth,
  thumbnailHeight: photo.thumbnailHeight,
  createdAt: photo.createdAt.toISOString(),
  url: `/api/evidence-photos/${photo.id}`,
  thumbnailUrl: `/api/evidence-photos/${photo.id}/thumbnail`,
});
