import type { BookingView } from '../../bookings/booking-view.js';
import type { EvidencePhotoView } from '../../evidence/evidence-photo-view.js';
import { photoPath } from './evidence-photos.controller.js';
import { MACHINE_CATEGORIES } from '../../common/machine-category.js';
import type { EnrollmentView } from '../../participants/enrollment-view.js';
import { OUTCOMES } from '../../participants/enrollment-status.js';
import type { TimelineEventView } from '../../participants/participant-timeline-view.js';
import type { ParticipantDetail } from '../../participants/participants.service.js';
import type { QualificationView } from '../../participants/qualification-view.js';
import { type Choice, ErrorSummary, type FieldErrors, Icon, Notice, PostForm, Select, TextArea } from '../shell/components.js';
import type { FrenchDates } from '../shell/french-dates.service.js';
import { CATEGORY_LABEL } from '../shell/labels.js';
import { Layout } from '../shell/layout.js';
import type { PageContext } from '../shell/web-request.js';
import { AUDIENCE_LABEL, ENROLMENT_STATUS_LABEL, EVENT_LABEL, GENDER_LABEL, OUTCOME_LABEL, STEP_STATUS_LABEL } from './staff-words.js';
import { webLink } from '../shell/links.js';

/** Where a step waiting for validation is handled (the validations' pages). */
export const validationHref = (enrollmentId: string, stepId: string): string => `/validations/${enrollmentId}/${stepId}`;

/** Where a session (a booking) is run: attendees, check-in, check-out. */
export const sessionHref = (bookingId: string): string => `/seances/${bookingId}`;

/** A link given as evidence, only when it is a web address (never `javascript:`). */

export interface PersonPageData {
  person: ParticipantDetail;
  timeline: TimelineEventView[];
  /** Step photos, by the id of the timeline event they are shown with. */
  photosByEvent: Map<string, EvidencePhotoView[]>;
  qualifications: QualificationView[];
  coming: (BookingView & { machineName: string })[];
  past: (BookingView & { machineName: string })[];
  partnerName: string | null;
  /** Paths this person may start now (facilitators and admins). */
  pathsToStart: Choice[];
  year: number;
}

/** Which forms failed, and what was typed, to show them again. */
export interface PersonPageForm {
  errors: FieldErrors;
  values: Record<string, string>;
}

export function ParticipantPage(props: { page: PageContext; data: PersonPageData; dates: FrenchDates; notice: string | null; form: PersonPageForm; justEnrolled?: boolean }) {
  const { page, data, dates, notice, form } = props;
  const { person } = data;
  const role = page.user?.role;
  const team = role === 'facilitator' || role === 'admin';
  const age = data.year - person.birthYear;
  const errors = form.errors;
  return (
    // The page title never names the person: it shows in tabs, history and shared screens.
    <Layout page={page} title={Object.keys(errors).length ? 'Erreur – Fiche participant' : 'Fiche participant'}>
      <h1>
        {person.firstName} {person.lastName}
      </h1>
      <Notice message={notice} />
      {team && props.justEnrolled ? <AccessForm page={page} person={person} highlight /> : null}
      <ErrorSummary errors={errors} />
      <p class="lead">
        {AUDIENCE_LABEL[person.audience]} · {GENDER_LABEL[person.gender]} · né·e en {person.birthYear} ({age} ans cette année)
      </p>
      <nav aria-label="Sur cette fiche" class="page-toc">
        <ul>
          <li>
            <a href="#parcours">Parcours</a>
          </li>
          <li>
            <a href="#historique">Historique</a>
          </li>
          <li>
            <a href="#habilitations">Habilitations</a>
          </li>
          <li>
            <a href="#reservations">Réservations</a>
          </li>
          <li>
            <a href="#coordonnees">Coordonnées</a>
          </li>
          {team ? (
            <li>
              <a href="#acces">Accès et données</a>
            </li>
          ) : null}
        </ul>
      </nav>

      <h2 id="parcours">Parcours</h2>
      {person.enrollments.length === 0 ? <p>Aucun parcours pour l’instant.</p> : null}
      {person.enrollments.map((e) => (
        <EnrollmentCard key={e.id} page={page} personId={person.id} enrollment={e} dates={dates} form={form} />
      ))}
      {team && data.pathsToStart.length ? (
        <PostForm page={page} action={`/equipe/participants/${person.id}/parcours`} class="card">
          <Select name="pathCode" label="Commencer un parcours" placeholder="Choisir un parcours" value={form.values.pathCode ?? ''} choices={data.pathsToStart} error={errors.pathCode} />
          <button type="submit" class="button-secondary">
            Commencer ce parcours
          </button>
        </PostForm>
      ) : null}

      <h2 id="historique">Historique</h2>
      {data.timeline.length === 0 ? <p>Rien pour l’instant.</p> : null}
      <ol class="timeline">
        {data.timeline.map((event) => {
          const link = webLink(event.evidenceUrl);
          return (
            <li key={event.id}>
              <p class="timeline-when">
                <time dateTime={event.occurredAt}>{dates.moment(event.occurredAt)}</time>
              </p>
              <p class="timeline-what">
                <strong>{EVENT_LABEL[event.type]}</strong>
                {event.stepTitle ? ` : ${event.stepTitle}` : ''} <span class="muted">({event.path.title})</span>
                {event.outcome ? ` : ${OUTCOME_LABEL[event.outcome]}` : ''}
              </p>
              <p class="muted">{event.author ? `Par ${event.author.displayName ?? 'un compte effacé'}` : 'Automatique'}</p>
              {event.note ? <blockquote class="timeline-note">{event.note}</blockquote> : null}
              {link ? (
                <p>
                  <a href={link} rel="noopener noreferrer nofollow">
                    Voir la preuve (lien)
                  </a>
                </p>
              ) : null}
              {data.photosByEvent.get(event.id)?.length ? (
                <ul class="thumbnails">
                  {data.photosByEvent.get(event.id)!.map((photo, index) => (
                    <li key={photo.id}>
                      <a href={photoPath(photo.id)}>
                        <img
                          src={photoPath(photo.id, 'thumbnail')}
                          width={photo.thumbnailWidth}
                          height={photo.thumbnailHeight}
                          loading="lazy"
                          alt={`Photo ${index + 1}${event.stepTitle ? ` de l’étape ${event.stepTitle}` : ''}, ajoutée le ${dates.moment(photo.createdAt)}`}
                        />
                      </a>
                    </li>
                  ))}
                </ul>
              ) : null}
            </li>
          );
        })}
      </ol>

      <h2 id="habilitations">Habilitations</h2>
      <Qualifications page={page} personId={person.id} qualifications={data.qualifications} dates={dates} form={form} team={team} />

      <h2 id="reservations">Réservations</h2>
      <Bookings title="À venir" items={data.coming} dates={dates} empty="Aucune réservation à venir." linkSessions={role !== 'learner'} />
      <Bookings title="Passées (les 10 dernières)" items={data.past} dates={dates} empty="Aucune réservation passée." linkSessions={role !== 'learner'} />

      <h2 id="coordonnees">Coordonnées</h2>
      <dl class="person-facts">
        <dt>Quartier prioritaire (QPV)</dt>
        <dd>{person.livesInQpv ? 'Oui' : 'Non'}</dd>
        <dt>Code postal</dt>
        <dd>{person.postcode ?? '—'}</dd>
        <dt>Envoyé par</dt>
        <dd>{data.partnerName ?? 'Venu de lui-même'}</dd>
        <dt>Téléphone</dt>
        <dd>{person.contact?.phone ?? '—'}</dd>
        <dt>E-mail</dt>
        <dd>{person.contact?.email ?? '—'}</dd>
        {person.guardian ? (
          <>
            <dt>Responsable légal</dt>
            <dd>
              {person.guardian.name}
              {person.guardian.phone ? ` · ${person.guardian.phone}` : ''}
              {person.guardian.email ? ` · ${person.guardian.email}` : ''}
            </dd>
          </>
        ) : null}
        <dt>Accords</dt>
        <dd>
          Données : {person.consent.dataProcessing ? 'oui' : 'non'}
          {person.consent.parentalConsent !== null ? ` · responsable légal : ${person.consent.parentalConsent ? 'oui' : 'non'}` : ''} · photos :{' '}
          {person.consent.imageRights ? 'oui' : 'non'}
        </dd>
      </dl>

      {team ? (
        <>
          <h2 id="acces">Accès et données</h2>
          {person.account?.activated ? (
            <p>
              <Icon name="check" /> Compte activé{person.account.username ? ` (identifiant : ${person.account.username})` : ''}.
            </p>
          ) : (
            <p>Pas encore de compte activé.</p>
          )}
          {props.justEnrolled ? null : <AccessForm page={page} person={person} />}
          <p class="actions">
            <a href={`/equipe/participants/${person.id}/donnees`} download="donnees-participant.json">
              Télécharger ses données (RGPD)
            </a>{' '}
            <span class="muted">: tout ce que le fablab garde sur la personne, en un fichier JSON.</span>
          </p>
          {role === 'admin' ? (
            <p>
              <a class="button button-danger" href={`/equipe/participants/${person.id}/effacer`}>
                Effacer cette personne…
              </a>
            </p>
          ) : null}
        </>
      ) : null}
    </Layout>
  );
}

/** "Donner l'accès": a new one-time code and its QR code. */
function AccessForm({ page, person, highlight = false }: { page: PageContext; person: ParticipantDetail; highlight?: boolean }) {
  return (
    <PostForm page={page} action={`/equipe/participants/${person.id}/acces`} class={highlight ? 'card card-highlight' : undefined}>
      <p class="hint">
        Un code à usage unique, valable 14 jours, s’affiche avec son QR code. Le jeune le scanne avec son téléphone et choisit son identifiant et son mot de passe.
        {person.account?.activated ? ' Pour un mot de passe oublié : le nouveau code remplace l’ancien mot de passe.' : ''}
      </p>
      <button type="submit">Donner l’accès</button>
    </PostForm>
  );
}

function EnrollmentCard({ page, personId, enrollment: e, dates, form }: { page: PageContext; personId: string; enrollment: EnrollmentView; dates: FrenchDates; form: PersonPageForm }) {
  const closed = e.status === 'completed' || e.status === 'withdrawn';
  const outcomeField = `outcome-${e.id}`;
  const noteField = `outcomeNote-${e.id}`;
  return (
    <section class="card" aria-labelledby={`parcours-${e.id}`}>
      <h3 id={`parcours-${e.id}`}>
        {e.path.title} <span class="muted">· {ENROLMENT_STATUS_LABEL[e.status]}</span>
      </h3>
      <p>
        Commencé le {dates.date(e.enrolledAt)}
        {e.completedAt ? ` · terminé le ${dates.date(e.completedAt)}` : ''} · dernière activité le {dates.date(e.lastActivityAt)}
      </p>
      <p>
        <progress max={100} value={e.progressPct} aria-label={`Avancement du parcours ${e.path.title}`}>
          {e.progressPct} %
        </progress>{' '}
        {e.progressPct} %
      </p>
      <ol class="steps">
        {e.steps.map((s) => (
          <li key={s.stepId} class={`step step-${s.status}`}>
            <p class="step-title">
              {s.position}. {s.title}
              {s.grantsQualification ? <span class="muted"> · habilitation {CATEGORY_LABEL[s.grantsQualification].toLowerCase()}</span> : null}
            </p>
            <p>
              <StepStatus status={s.status} />
              {s.status === 'validated' && s.validatedAt
                ? ` le ${dates.date(s.validatedAt)}${s.validatedBy?.displayName ? ` par ${s.validatedBy.displayName}` : ''}`
                : s.status === 'submitted' && s.submittedAt
                  ? ` depuis le ${dates.date(s.submittedAt)}`
                  : ''}
              {s.status === 'submitted' ? (
                <>
                  {' '}
                  · <a href={validationHref(e.id, s.stepId)}>Valider ou faire refaire</a>
                </>
              ) : s.status === 'todo' && e.status === 'active' ? (
                <>
                  {' '}
                  {/* Done in front of a trainer or the team (a session): validated without waiting for a submission. */}·{' '}
                  <a href={validationHref(e.id, s.stepId)}>
                    Valider cette étape<span class="visually-hidden"> : {s.title}</span>
                  </a>
                </>
              ) : null}
            </p>
            {s.rejection ? <p class="muted">À refaire : {s.rejection.reason ?? 'sans raison donnée'}</p> : null}
          </li>
        ))}
      </ol>
      {e.outcome ? (
        <p>
          <strong>Après le parcours :</strong> {OUTCOME_LABEL[e.outcome.outcome]}
          {e.outcome.recordedAt ? ` (noté le ${dates.date(e.outcome.recordedAt)})` : ''}
        </p>
      ) : null}
      {closed ? (
        <PostForm page={page} action={`/equipe/participants/${personId}/parcours/${e.id}/suite`}>
          <Select
            name="outcome"
            id={outcomeField}
            label={e.outcome ? 'Changer la suite du parcours' : 'Que fait la personne après ce parcours ?'}
            placeholder="Choisir"
            value={form.values[outcomeField] ?? ''}
            choices={OUTCOMES.map((value) => ({ value, label: OUTCOME_LABEL[value] }))}
            error={form.errors[outcomeField]}
          />
          <TextArea name="note" id={noteField} label="Précision (facultatif)" rows={2} maxLength={2000} value={form.values[noteField] ?? ''} error={form.errors[noteField]} />
          <button type="submit" class="button-secondary">
            Noter la suite
          </button>
        </PostForm>
      ) : null}
    </section>
  );
}

function StepStatus({ status }: { status: 'todo' | 'submitted' | 'validated' }) {
  if (status === 'validated')
    return (
      <span class="status status-ok">
        <Icon name="check" /> {STEP_STATUS_LABEL.validated}
      </span>
    );
  if (status === 'submitted')
    return (
      <span class="status status-wait">
        <Icon name="clock" /> {STEP_STATUS_LABEL.submitted}
      </span>
    );
  return (
    <span class="status status-todo">
      <Icon name="circle" /> {STEP_STATUS_LABEL.todo}
    </span>
  );
}

function Qualifications({ page, personId, qualifications, dates, form, team }: { page: PageContext; personId: string; qualifications: QualificationView[]; dates: FrenchDates; form: PersonPageForm; team: boolean }) {
  return (
    <>
      {qualifications.length === 0 ? <p>Aucune habilitation.</p> : null}
      <ul class="list">
        {qualifications.map((q) => {
          const reasonField = `reason-${q.id}`;
          return (
            <li key={q.id}>
              <strong>{CATEGORY_LABEL[q.category]}</strong> ·{' '}
              {q.revokedAt ? (
                <span class="status status-bad">
                  <Icon name="alert" /> retirée le {dates.date(q.revokedAt)}
                </span>
              ) : q.valid ? (
                <span class="status status-ok">
                  <Icon name="check" /> valable jusqu’au {dates.date(q.expiresAt)}
                </span>
              ) : (
                <span class="status status-todo">
                  <Icon name="clock" /> expirée le {dates.date(q.expiresAt)}
                </span>
              )}
              <br />
              <span class="muted">
                Obtenue le {dates.date(q.grantedAt)} {q.source === 'step' ? 'en validant une étape' : 'directement'}
              </span>
              {q.revokeReason ? <p class="muted">Raison du retrait : {q.revokeReason}</p> : null}
              {team && q.valid ? (
                <details open={Boolean(form.errors[reasonField])}>
                  <summary>Retirer cette habilitation</summary>
                  <PostForm page={page} action={`/equipe/participants/${personId}/habilitations/${q.id}/retrait`}>
                    <TextArea
                      name="reason"
                      id={reasonField}
                      label="Pourquoi ?"
                      hint="La raison est gardée avec l’habilitation. Elle sera visible par l’équipe."
                      rows={2}
                      maxLength={500}
                      value={form.values[reasonField] ?? ''}
                      error={form.errors[reasonField]}
                    />
                    <button type="submit" class="button-danger">
                      Retirer l’habilitation
                    </button>
                  </PostForm>
                </details>
              ) : null}
            </li>
          );
        })}
      </ul>
      {team ? (
        <PostForm page={page} action={`/equipe/participants/${personId}/habilitations`} class="card">
          <Select
            name="category"
            label="Habiliter directement (formation hors parcours)"
            hint="Valable 24 mois."
            placeholder="Choisir une machine"
            value={form.values.category ?? ''}
            choices={MACHINE_CATEGORIES.map((value) => ({ value, label: CATEGORY_LABEL[value] }))}
            error={form.errors.category}
          />
          <button type="submit" class="button-secondary">
            Habiliter
          </button>
        </PostForm>
      ) : null}
    </>
  );
}

function Bookings({ title, items, dates, empty, linkSessions }: { title: string; items: (BookingView & { machineName: string })[]; dates: FrenchDates; empty: string; linkSessions: boolean }) {
  return (
    <>
      <h3>{title}</h3>
      {items.length === 0 ? <p class="muted">{empty}</p> : null}
      <ul class="list">
        {items.map((b) => (
          <li key={b.id}>
            {linkSessions ? <a href={sessionHref(b.id)}>{dates.slot(b.startsAt, b.endsAt)}</a> : dates.slot(b.startsAt, b.endsAt)} · {b.machineName}
            {b.title ? ` · ${b.title}` : ''}
            <br />
            <span class="muted">
              {b.status === 'cancelled'
                ? 'annulée'
                : b.status === 'no_show'
                  ? 'absent'
                  : b.attendeeIds.length
                    ? 'venu'
                    : b.status === 'completed'
                      ? 'séance terminée'
                      : 'prévue'}
            </span>
          </li>
        ))}
      </ul>
    </>
  );
}

/**
 * Erasure, for the manager: what goes, what stays (ParticipantErasureService and the features'
 * 'participant.erasing' handlers), then a box to tick. Nothing is erased without it.
 */
export function ErasurePage({ page, person, error }: { page: PageContext; person: ParticipantDetail; error: string | null }) {
  const errors: FieldErrors = error ? { confirm: error } : {};
  return (
    <Layout page={page} title={error ? 'Erreur – Effacer une personne' : 'Effacer une personne'}>
      <h1>
        Effacer {person.firstName} {person.lastName}{'\u00a0'}?
      </h1>
      <ErrorSummary errors={errors} />
      <p class="lead">C’est définitif : personne ne pourra retrouver son nom ni ses coordonnées, ni l’annuler.</p>
      <div class="grid grid-2">
        <section class="card" aria-labelledby="efface">
          <h2 id="efface">Ce qui est effacé</h2>
          <ul>
            <li>Son prénom, son nom, son code postal, son téléphone et son e-mail.</li>
            <li>Le nom et les coordonnées de son responsable légal.</li>
            <li>Les notes, les liens et les photos des étapes, les raisons données (étapes à refaire, habilitations retirées).</li>
            <li>Son compte : fermé, sans identifiant ni mot de passe ; ses notifications.</li>
            <li>Sa place dans les réservations à venir (ses propres créneaux en accès libre sont annulés) et son lien d’agenda.</li>
          </ul>
        </section>
        <section class="card" aria-labelledby="garde">
          <h2 id="garde">Ce qui est gardé, sans nom</h2>
          <ul>
            <li>Année de naissance, genre, public, quartier prioritaire, structure qui l’a envoyé, accords donnés.</li>
            <li>Ses parcours, étapes et habilitations avec leurs dates et statuts, sans texte.</li>
            <li>Ses présences passées aux séances.</li>
          </ul>
          <p>Ainsi les compteurs de l’année (objectif des 500 jeunes, bilans pour les financeurs) ne changent pas.</p>
        </section>
      </div>
      <PostForm page={page} action={`/equipe/participants/${person.id}/effacer`}>
        <div class={error ? 'field field-error' : 'field'}>
          {error ? (
            <p class="error-message" id="confirm-error">
              <span class="visually-hidden">Erreur : </span>
              {error}
            </p>
          ) : null}
          <div class="checkbox">
            <input type="checkbox" id="confirm" name="confirm" value="on" aria-describedby={error ? 'confirm-error' : undefined} aria-invalid={error ? 'true' : undefined} />
            <label for="confirm">Je comprends que l’effacement est définitif</label>
          </div>
        </div>
        <div class="actions">
          <button type="submit" class="button-danger">
            Effacer définitivement
          </button>
          <a href={`/equipe/participants/${person.id}`}>Non, revenir à la fiche</a>
        </div>
      </PostForm>
    </Layout>
  );
}
