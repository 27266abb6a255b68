import type { EvidencePhotoView } from '../../evidence/evidence-photo-view.js';
import type { StepToValidate } from '../../participants/step-validations.service.js';
import { photoPath } from './evidence-photos.controller.js';
import { ErrorSummary, type FieldErrors, Icon, Notice, PostForm, TextArea } from '../shell/components.js';
import type { FrenchDates } from '../shell/french-dates.service.js';
import { Layout } from '../shell/layout.js';
import type { PageContext } from '../shell/web-request.js';
import { webLink } from '../shell/links.js';

/** The address of the page that validates (or sends back) one step of one enrolment. */
export const validationPath = (enrollmentId: string, stepId: string): string => `/validations/${enrollmentId}/${stepId}`;

interface PersonGroup {
  participant: StepToValidate['participant'];
  steps: StepToValidate[];
}

/** Steps grouped by young person, in the order of each person's oldest submission. */
function byPerson(steps: StepToValidate[]): PersonGroup[] {
  const groups = new Map<string, PersonGroup>();
  for (const step of steps) {
    const group = groups.get(step.participant.id) ?? { participant: step.participant, steps: [] };
    group.steps.push(step);
    groups.set(step.participant.id, group);
  }
  return [...groups.values()];
}

export function ValidationsPage({ page, steps, dates, notice }: { page: PageContext; steps: StepToValidate[]; dates: FrenchDates; notice: string | null }) {
  const groups = byPerson(steps);
  const trainer = page.user?.role === 'trainer';
  return (
    <Layout page={page} title="Étapes à valider">
      <h1>Étapes à valider</h1>
      <Notice message={notice} />
      <p class="lead" role="status">
        {steps.length === 0
          ? 'Aucune étape n’attend de validation.'
          : `${steps.length} étape${steps.length > 1 ? 's' : ''} envoyée${steps.length > 1 ? 's' : ''} par ${groups.length} jeune${groups.length > 1 ? 's' : ''}.`}
      </p>
      {trainer ? <p class="muted">Vous voyez les jeunes de votre structure et ceux qui participent à vos séances.</p> : null}
      {groups.map((group) => (
        <section key={group.participant.id} class="card" aria-labelledby={`jeune-${group.participant.id}`}>
          <h2 id={`jeune-${group.participant.id}`}>
            {group.participant.firstName} {group.participant.lastName}
          </h2>
          <ul class="list">
            {group.steps.map((step) => (
              <li key={`${step.enrollmentId}-${step.stepId}`}>
                <a href={validationPath(step.enrollmentId, step.stepId)}>
                  <strong>{step.stepTitle}</strong>
                </a>{' '}
                · {step.pathTitle}
                <br />
                <span class="muted">{step.submittedAt ? `Envoyée le ${dates.moment(step.submittedAt)}` : 'À faire'}</span>
              </li>
            ))}
          </ul>
          <p>
            <a href={`/equipe/participants/${group.participant.id}`}>Voir la fiche</a>
          </p>
        </section>
      ))}
    </Layout>
  );
}

export interface ValidationForm {
  note: string;
  reason: string;
  errors: FieldErrors;
}

export const EMPTY_VALIDATION_FORM: ValidationForm = { note: '', reason: '', errors: {} };

/**
 * One step: what the young person sent, then two forms — validate (with a note, optionally a
 * photo) and, for a submitted step, send it back with a reason.
 */
/**
 * The photo field: the tablet's or phone's back camera opens at once (`capture`), or a picture
 * already taken can be chosen (browsers that ignore `capture`).
 */
function PhotoInput({ error, maxMegabytes }: { error?: string; maxMegabytes: number }) {
  return (
    <div class={error ? 'field field-error' : 'field'}>
      <label for="photo">Photo du travail (facultatif)</label>
      <p class="hint" id="photo-hint">
        Prenez la pièce en photo avec l’appareil, ou choisissez une photo déjà prise : JPEG, PNG, WebP ou HEIF, {maxMegabytes} Mo au plus. Le lieu et les autres
        informations cachées dans la photo sont effacés.
      </p>
      {error ? (
        <p class="error-message" id="photo-error">
          <span class="visually-hidden">Erreur : </span>
          {error}
        </p>
      ) : null}
      <input
        type="file"
        id="photo"
        name="photo"
        accept="image/*"
        capture="environment"
        aria-describedby={error ? 'photo-hint photo-error' : 'photo-hint'}
        aria-invalid={error ? 'true' : undefined}
      />
    </div>
  );
}

export function ValidateStepPage({ page, step, dates, form, photos, maxMegabytes }: { page: PageContext; step: StepToValidate; dates: FrenchDates; form: ValidationForm; photos: EvidencePhotoView[]; maxMegabytes: number }) {
  const name = `${step.participant.firstName} ${step.participant.lastName}`;
  const action = validationPath(step.enrollmentId, step.stepId);
  const failed = Object.keys(form.errors).length > 0;
  return (
    // The title never names the person (tabs, history, shared screens).
    <Layout page={page} title={failed ? 'Erreur – Valider une étape' : 'Valider une étape'}>
      <p>
        {step.status === 'todo' ? (
          <a href={`/equipe/participants/${step.participant.id}`}>Retour à la page de {name}</a>
        ) : (
          <a href="/validations">Toutes les étapes à valider</a>
        )}
      </p>
      <h1>{step.stepTitle}</h1>
      <p class="lead">
        {name} · {step.pathTitle}
      </p>
      <ErrorSummary errors={form.errors} />
      {step.status === 'validated' ? (
        <p class="notice" role="status">
          <Icon name="check" /> Cette étape est déjà validée{step.validatedAt ? ` (le ${dates.moment(step.validatedAt)})` : ''}.
        </p>
      ) : null}
      <section class="card" aria-labelledby="envoi">
        {/* Once validated, the latest note is the validator's: the section says so. */}
        <h2 id="envoi">{step.status === 'validated' ? 'Remarque et preuves' : 'Ce que le jeune a envoyé'}</h2>
        {step.status === 'submitted' && step.submittedAt ? <p>Envoyée le {dates.moment(step.submittedAt)}.</p> : null}
        {step.status === 'todo' ? <p>Rien n’a été envoyé pour cette étape : vous pouvez la valider directement si elle a été faite devant vous.</p> : null}
        {step.note ? <blockquote class="quote">{step.note}</blockquote> : step.status !== 'todo' ? <p class="muted">Pas de message.</p> : null}
        {step.evidenceUrl ? (
          <p>
            Lien donné :{' '}
            {webLink(step.evidenceUrl) ? (
              <a href={webLink(step.evidenceUrl) as string} rel="noopener noreferrer nofollow" class="break">
                {step.evidenceUrl}
              </a>
            ) : (
              <span class="break">{step.evidenceUrl}</span>
            )}
          </p>
        ) : null}
        {step.grantsQualification ? <p>Valider cette étape donne l’habilitation machine qui lui correspond.</p> : null}
        {photos.length > 0 ? (
          <>
            <h3>Photos de l’étape</h3>
            <ul class="thumbnails">
              {photos.map((photo, index) => (
                <li key={photo.id}>
                  <a href={photoPath(photo.id)}>
                    <img
                      src={photoPath(photo.id, 'thumbnail')}
                      width={photo.thumbnailWidth}
                      height={photo.thumbnailHeight}
                      loading="lazy"
                      alt={`Photo ${index + 1} de l’étape, ajoutée le ${dates.moment(photo.createdAt)}`}
                    />
                  </a>
                </li>
              ))}
            </ul>
          </>
        ) : null}
      </section>
      {step.status !== 'validated' ? (
        <>
          <h2>Valider l’étape</h2>
          <PostForm page={page} action={`${action}/valider`} enctype="multipart/form-data">
            <PhotoInput error={form.errors.photo} maxMegabytes={maxMegabytes} />
            <TextArea
              name="note"
              label="Votre remarque (facultatif)"
              hint="Elle s’ajoute au parcours du jeune : ce qui a été réussi, ce qui reste à travailler."
              value={form.note}
              maxLength={2000}
              rows={3}
              error={form.errors.note}
            />
            <div class="actions">
              <button type="submit">
                <Icon name="check" /> Valider l’étape
              </button>
            </div>
          </PostForm>
        </>
      ) : null}
      {step.status === 'submitted' ? (
        <>
          <h2>Renvoyer l’étape au jeune</h2>
          <PostForm page={page} action={`${action}/renvoyer`}>
            <TextArea
              name="reason"
              label="Pourquoi la renvoyer ?"
              hint="Le jeune lira ce message : dites-lui simplement ce qu’il lui reste à faire."
              value={form.reason}
              maxLength={2000}
              rows={3}
              error={form.errors.reason}
            />
            <div class="actions">
              <button type="submit" class="button-secondary">
                Renvoyer l’étape
              </button>
            </div>
          </PostForm>
        </>
      ) : null}
    </Layout>
  );
}
