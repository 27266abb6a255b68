import type { BookingView } from '../../bookings/booking-view.js';
import type { LearningPathStepView } from '../../learning-paths/learning-path-view.js';
import type { EnrollmentStepView, EnrollmentView } from '../../participants/enrollment-view.js';
import type { LearnerProgress } from '../../me/learner-progress.service.js';
import { ErrorSummary, type FieldErrors, Icon, Notice, PostForm, TextArea, TextInput } from '../shell/components.js';
import { duration, type FrenchDates, plural } from '../shell/french-dates.service.js';
import { CATEGORY_LABEL } from '../shell/labels.js';
import { Layout } from '../shell/layout.js';
import type { PageContext } from '../shell/web-request.js';

export interface StepSubmission {
  enrollmentId: string;
  stepId: string;
  errors: FieldErrors;
  note: string;
  evidenceUrl: string;
}

const ENROLMENT_STATUS: Record<EnrollmentView['status'], string> = {
  active: 'En cours',
  paused: 'En pause',
  completed: 'Terminé',
  withdrawn: 'Arrêté',
};

function StepStatus({ step }: { step: EnrollmentStepView }) {
  if (step.status === 'validated') {
    return (
      <span class="status status-ok">
        <Icon name="check" /> Validée
      </span>
    );
  }
  if (step.status === 'submitted') {
    return (
      <span class="status status-wait">
        <Icon name="clock" /> Envoyée, en attente de validation
      </span>
    );
  }
  return (
    <span class="status status-todo">
      <Icon name="circle" /> À faire
    </span>
  );
}

function SubmitForm({ page, enrollmentId, step, submission }: { page: PageContext; enrollmentId: string; step: EnrollmentStepView; submission: StepSubmission | null }) {
  const mine = submission?.enrollmentId === enrollmentId && submission.stepId === step.stepId ? submission : null;
  const key = `${enrollmentId}-${step.stepId}`;
  return (
    <details open={mine !== null}>
      <summary>J’ai fini cette étape</summary>
      <PostForm page={page} action={`/parcours/${enrollmentId}/etapes/${step.stepId}`}>
        {mine ? <ErrorSummary errors={mine.errors} /> : null}
        <TextArea
          name="note"
          id={`note-${key}`}
          label="Ce que tu as fait"
          hint="Quelques mots suffisent : ce que tu as fabriqué, ce que tu as appris."
          value={mine?.note}
          maxLength={2000}
          error={mine?.errors[`note-${key}`]}
        />
        <TextInput
          name="evidenceUrl"
          id={`lien-${key}`}
          label="Un lien vers ton travail (si tu en as un)"
          hint="Une photo en ligne, une vidéo, ta page de projet. Il commence par https://"
          type="url"
          inputMode="url"
          value={mine?.evidenceUrl}
          error={mine?.errors[`lien-${key}`]}
        />
        <div class="actions">
          <button type="submit">
            <Icon name="send" /> Envoyer pour validation
          </button>
        </div>
      </PostForm>
    </details>
  );
}

function StepItem({
  page,
  enrollment,
  step,
  about,
  isNext,
  dates,
  submission,
}: {
  page: PageContext;
  enrollment: EnrollmentView;
  step: EnrollmentStepView;
  about: LearningPathStepView | undefined;
  isNext: boolean;
  dates: FrenchDates;
  submission: StepSubmission | null;
}) {
  const css = isNext ? 'step step-next' : `step step-${step.status}`;
  return (
    <li class={css} id={`etape-${enrollment.id}-${step.stepId}`}>
      <p class="step-title">
        {step.position}. {step.title}
        {isNext ? <strong> — ta prochaine étape</strong> : null}
      </p>
      <StepStatus step={step} />
      {step.grantsQualification ? <p class="muted">Elle te donne le droit d’utiliser : {CATEGORY_LABEL[step.grantsQualification]}.</p> : null}
      {step.status === 'validated' ? (
        <p>
          Validée le {dates.date(step.validatedAt as string)}
          {step.validatedBy?.displayName ? ` par ${step.validatedBy.displayName}` : ''}.
          {step.evidence?.note ? <> Commentaire : « {step.evidence.note} »</> : null}
        </p>
      ) : null}
      {step.status === 'todo' && step.rejection ? (
        <p class="warning">
          À refaire{step.rejection.reason ? ` : ${step.rejection.reason}` : '.'}
        </p>
      ) : null}
      {step.status === 'todo' && isNext && about?.description ? <p>{about.description}</p> : null}
      {step.status === 'todo' && isNext && about ? <p class="muted">Durée prévue : environ {duration(about.expectedHours * 60)}.</p> : null}
      {step.status === 'todo' && enrollment.status === 'active' && !step.retired ? (
        <SubmitForm page={page} enrollmentId={enrollment.id} step={step} submission={submission} />
      ) : null}
    </li>
  );
}

function EnrollmentSection(props: {
  page: PageContext;
  enrollment: EnrollmentView;
  pathSteps: Map<string, LearningPathStepView>;
  nextStepId: string | null;
  dates: FrenchDates;
  submission: StepSubmission | null;
}) {
  const { enrollment } = props;
  const steps = enrollment.steps.filter((s) => !s.retired || s.status !== 'todo');
  const required = steps.filter((s) => s.required);
  const validated = required.filter((s) => s.status === 'validated').length;
  const progressId = `avancement-${enrollment.id}`;
  return (
    <section aria-labelledby={`parcours-${enrollment.id}`}>
      <h2 id={`parcours-${enrollment.id}`}>
        Parcours {enrollment.path.title} <span class="muted">· {ENROLMENT_STATUS[enrollment.status]}</span>
      </h2>
      <p id={progressId}>
        Tu as validé {plural(validated, 'étape', 'étapes')} sur {required.length}
        {enrollment.status === 'completed' && enrollment.completedAt ? ` — parcours terminé le ${props.dates.date(enrollment.completedAt)}. Bravo !` : '.'}
      </p>
      <progress max={100} value={enrollment.progressPct} aria-labelledby={progressId}>
        {enrollment.progressPct} %
      </progress>
      <ol class="steps">
        {steps.map((step) => (
          <StepItem
            key={step.stepId}
            page={props.page}
            enrollment={enrollment}
            step={step}
            about={props.pathSteps.get(step.stepId)}
            isNext={step.stepId === props.nextStepId && enrollment.status === 'active'}
            dates={props.dates}
            submission={props.submission}
          />
        ))}
      </ol>
    </section>
  );
}

export function ProgressPage(props: {
  page: PageContext;
  progress: LearnerProgress;
  pathSteps: Map<string, LearningPathStepView>;
  upcoming: (BookingView & { machineName: string })[];
  dates: FrenchDates;
  now: Date;
  notice: string | null;
  submission: StepSubmission | null;
}) {
  const { page, progress, dates, submission } = props;
  const next = progress.nextStep;
  const nextAbout = next ? props.pathSteps.get(next.stepId) : undefined;
  return (
    <Layout page={page} title={submission ? 'Erreur – Mon parcours' : 'Mon parcours'}>
      <h1>Mon parcours</h1>
      <p class="lead">Salut {progress.firstName || 'toi'} !</p>
      <Notice message={props.notice} />
      {submission?.errors._form ? <ErrorSummary errors={{ _form: submission.errors._form }} /> : null}
      {next ? (
        <div class="card card-highlight">
          <h2>Ta prochaine étape</h2>
          <p class="lead">
            <a href={`#etape-${next.enrollmentId}-${next.stepId}`}>{next.title}</a>
          </p>
          <p>
            Parcours {next.path.title}
            {nextAbout ? ` · environ ${duration(nextAbout.expectedHours * 60)}` : ''}
          </p>
          {next.status === 'submitted' ? <p>Tu l’as envoyée : l’équipe va la regarder.</p> : <p>Quand tu l’as finie, envoie-la pour validation juste en dessous.</p>}
        </div>
      ) : null}
      {progress.enrollments.length === 0 ? (
        <p>Tu n’as pas encore de parcours. Passe voir l’équipe du fablab pour en commencer un.</p>
      ) : null}
      <div class="grid grid-main">
        <div>
          {progress.enrollments.map((enrollment) => (
            <EnrollmentSection
              key={enrollment.id}
              page={page}
              enrollment={enrollment}
              pathSteps={props.pathSteps}
              nextStepId={enrollment.nextStep?.stepId ?? null}
              dates={dates}
              submission={submission}
            />
          ))}
        </div>
        <aside aria-labelledby="a-venir">
          <h2 id="a-venir">Bientôt au fablab</h2>
          {props.upcoming.length === 0 ? (
            <p>Aucune réservation à venir.</p>
          ) : (
            <ul class="list">
              {props.upcoming.map((booking) => (
                <li key={booking.id}>
                  <strong>{dates.slot(booking.startsAt, booking.endsAt, props.now)}</strong>
                  <br />
                  {booking.machineName}
                  {booking.title ? ` · ${booking.title}` : ''}
                </li>
              ))}
            </ul>
          )}
          <p>
            <a href="/reservations">Voir mes réservations</a> · <a href="/habilitations">Mes habilitations ({progress.qualifications.length})</a>
          </p>
        </aside>
      </div>
    </Layout>
  );
}
