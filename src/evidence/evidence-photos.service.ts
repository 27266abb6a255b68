import { Injectable, Logger } from '@nestjs/common';
import type { AuthUser } from '../common/auth/auth-user.js';
import { DomainError } from '../common/errors/domain-error.js';
import type { ParticipantErasing } from '../common/events/domain-event-map.js';
import { OnDomainEvent } from '../common/events/on-domain-event.decorator.js';
import { TransactionRunner } from '../database/transaction-runner.service.js';
import { LearningPathsService } from '../learning-paths/learning-paths.service.js';
import { EnrollmentsService } from '../participants/enrollments.service.js';
import { ParticipantAccess } from '../participants/participant-access.service.js';
import { Participant } from '../participants/participant.entity.js';
import { EvidencePhoto } from './evidence-photo.entity.js';
import { type EvidencePhotoView, toEvidencePhotoView } from './evidence-photo-view.js';
import { EvidenceStorage, type PhotoVariant } from './evidence-storage.service.js';
import { type PreparedPhoto, preparePhoto } from './photo-processing.js';

/**
 * Photos given as evidence for a step: checked and re-encoded (photo-processing.ts), stored
 * under EVIDENCE_DIR, shown only to those who may see the person (ParticipantAccess, as every
 * participant read), deleted with the person, and in their GDPR export.
 */
@Injectable()
export class EvidencePhotosService {
  private readonly logger = new Logger(EvidencePhotosService.name);

  constructor(
    private readonly tx: TransactionRunner,
    private readonly enrollments: EnrollmentsService,
    private readonly learningPaths: LearningPathsService,
    private readonly access: ParticipantAccess,
    private readonly storage: EvidenceStorage,
  ) {}


  /** Checks the bytes (415 if not a photo), then attaches it: see `attach`. */
  async upload(enrollmentId: string, stepIdOrCode: string, bytes: Buffer, actor: AuthUser): Promise<EvidencePhotoView> {
    return this.attach(enrollmentId, stepIdOrCode, await preparePhoto(bytes), actor);
  }

  /**
   * Keeps a prepared photo as evidence for a step of an enrolment the caller may see (404
   * otherwise, or for a step not of its path). The files are written before the row is
   * committed and removed if the transaction fails: no row without its files.
   */
  async attach(enrollmentId: string, stepIdOrCode: string, photo: PreparedPhoto, actor: AuthUser): Promise<EvidencePhotoView> {
    const row = new EvidencePhoto();
    try {
      const saved = await this.tx.run(async () => {
        const enrollment = await this.enrollments.findVisible(enrollmentId, actor);
        const step = await this.learningPaths.findStepOfPath(enrollment.pathId, stepIdOrCode);
        if (!step) throw DomainError.notFound('Step');
        Object.assign(row, {
          participantId: enrollment.participantId,
          enrollmentId: enrollment.id,
          stepId: step.id,
          uploadedByUserId: actor.id,
          sourceFormat: photo.sourceFormat,
          width: photo.width,
          height: photo.height,
          byteSize: photo.image.length,
          thumbnailWidth: photo.thumbnailWidth,
          thumbnailHeight: photo.thumbnailHeight,
        });
        await this.storage.write(row.id, photo.image, photo.thumbnail);
        return this.tx.manager.getRepository(EvidencePhoto).save(row);
      });
      return toEvidencePhotoView(saved);
    } catch (error) {
      await this.storage.remove(row.id);
      throw error;
    }
  }

  /** The photos of an enrolment the caller may see, oldest first. */
  async forEnrollment(enrollmentId: string, user: AuthUser): Promise<EvidencePhotoView[]> {
    const enrollment = await this.enrollments.findVisible(enrollmentId, user);
    const rows = await this.tx.manager.getRepository(EvidencePhoto).find({ where: { enrollmentId: enrollment.id }, order: { createdAt: 'ASC', id: 'ASC' } });
    return rows.map(toEvidencePhotoView);
  }

  /** The photos of a person the caller may see, oldest first (the person's page, their timeline). */
  async forParticipant(participantId: string, user: AuthUser): Promise<EvidencePhotoView[]> {
    await this.access.visible(participantId, user);
    const rows = await this.tx.manager.getRepository(EvidencePhoto).find({ where: { participantId }, order: { createdAt: 'ASC', id: 'ASC' } });
    return rows.map(toEvidencePhotoView);
  }

  /** The JPEG of a photo, if the caller may see its person; 404 otherwise (no existence oracle). */
  async image(id: string, variant: PhotoVariant, user: AuthUser): Promise<Buffer> {
    const qb = this.tx.manager
      .getRepository(EvidencePhoto)
      .createQueryBuilder('ph')
      .innerJoin(Participant, 'p', 'p.id = ph.participantId')
      .where('ph.id = :id', { id });
    const photo = await this.access.scope(qb, 'p', user).getOne();
    if (!photo) throw DomainError.notFound('Photo');
    try {
      return await this.storage.read(photo.id, variant);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw DomainError.notFound('Photo');
      throw error;
    }
  }

  /**
   * The export's `evidencePhotos`: each photo's facts and the photo itself as a `data:` URL
   * (base64 JPEG, the stored re-encoded file), so that the export is complete in one document
   * that needs no session to open later; thumbnails are derived and left out.
   */
  async exportFor(participantId: string): Promise<unknown[]> {
    const rows = await this.tx.manager.getRepository(EvidencePhoto).find({ where: { participantId }, order: { createdAt: 'ASC', id: 'ASC' } });
    return Promise.all(
      rows.map(async (row) => {
        const { url: _url, thumbnailUrl: _thumbnailUrl, ...facts } = toEvidencePhotoView(row);
        let dataUrl: string | null = null;
        try {
          dataUrl = `data:image/jpeg;base64,${(await this.storage.read(row.id, 'photo')).toString('base64')}`;
        } catch (error) {
          this.logger.warn({ photoId: row.id, err: (error as Error).message }, 'evidence photo file missing from the export');
        }
        return { ...facts, dataUrl };
      }),
    );
  }

  /** Erasure: the rows go in the erasure's transaction, the files once it has committed. */
  @OnDomainEvent('participant.erasing')
  private async onErasure({ participantId }: ParticipantErasing): Promise<void> {
    const photos = this.tx.manager.getRepository(EvidencePhoto);
    const ids = (await photos.find({ select: { id: true }, where: { participantId } })).map((p) => p.id);
    if (ids.length === 0) return;
    await photos.delete({ participantId });
    await this.tx.afterCommit(async () => {
      for (const id of ids) await this.storage.remove(id);
    });
  }
}
