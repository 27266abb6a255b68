import { Module } from '@nestjs/common';
import { LearningPathsModule } from '../learning-paths/learning-paths.module.js';
import { ParticipantsModule } from '../participants/participants.module.js';
import { EvidenceStorage } from './evidence-storage.service.js';
import { EvidenceController } from './evidence.controller.js';
import { EvidencePhotosService } from './evidence-photos.service.js';
import { PhotoUpload, PhotoUploadInterceptor } from './photo-upload.interceptor.js';

/**
 * Step photos as evidence: upload (multipart), access-checked image routes, erasure and export
 * through the participants' extension points. Exported for the web pages.
 */
@Module({
  imports: [ParticipantsModule, LearningPathsModule],
  controllers: [EvidenceController],
  providers: [EvidencePhotosService, EvidenceStorage, PhotoUpload, PhotoUploadInterceptor],
  exports: [EvidencePhotosService, PhotoUpload],
})
export class EvidenceModule {}
