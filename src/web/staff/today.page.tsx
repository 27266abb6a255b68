import { checkInViolation, checkOutViolation } from '../../bookings/booking-rules.js';
import type { BookingView } from '../../bookings/booking-view.js';
import type { MachineStatus } from '../../machines/machine-status.js';
import type { DueItemView } from '../../maintenance/maintenance-views.js';
import type { StepToValidate } from '../../participants/step-validations.service.js';
import type { Page as ListPage } from '../../common/http/pagination.js';
import { Icon, Notice, PostForm } from '../shell/components.js';
import { duration, type FrenchDates } from '../shell/french-dates.service.js';
import { MACHINE_STATUS_LABEL } from '../shell/labels.js';
import { Layout } from '../shell/layout.js';
import type { PageContext } from '../shell/web-request.js';
import { sessionHref, validationHref } from './participant.page.js';

export interface TodaySession extends BookingView {
  partnerName: string | null;
  attendees: { id: string; name: string; came: boolean }[];
}

export interface TodayData {
  now: Date;
  sessions: { machine: { id: string; code: string; name: string; status: MachineStatus }; bookings: TodaySession[] }[];
  toValidate: { total: number; items: StepToValidate[] };
  down: { id: string; code: string; name: string; status: MachineStatus; since: string | null; reason: string | null }[];
  due: ListPage<DueItemView>;
  stalled: { total: number; days: number; items: { participantId: string; name: string; pathTitle: string; lastActivityAt: string }[] };
}

const KIND_LABEL: Record<BookingView['kind'], string> = { training: 'Formation', session: 'Séance', open_lab: 'Accès libre' };

const machineHref = (code: string): string => `/m/${encodeURIComponent(code)}`;

const plural = (n: number, one: string, many: string) => `${n} ${n > 1 ? many : one}`;

/** "Aujourd'hui": what a facilitator handles today, each line a link to where it is handled. */
export function TodayPage({ page, data, dates, notice }: { page: PageContext; data: TodayData; dates: FrenchDates; notice: string | null }) {
  const sessionCount = data.sessions.reduce((n, g) => n + g.bookings.length, 0);
  return (
    <Layout page={page} title="Aujourd’hui">
      <h1>Aujourd’hui</h1>
      <p class="lead">{dates.day(data.now, data.now).replace(/^./, (c) => c.toUpperCase())}</p>
      <Notice message={notice} />
      <ul class="today-counts">
        <li>
          <a href="#seances">
            <strong>{sessionCount}</strong> {sessionCount > 1 ? 'séances' : 'séance'}
          </a>
        </li>
        <li>
          <a href="/validations">
            <strong>{data.toValidate.total}</strong> {data.toValidate.total > 1 ? 'étapes à valider' : 'étape à valider'}
          </a>
        </li>
        <li>
          <a href="#machines">
            <strong>{data.down.length}</strong> {data.down.length > 1 ? 'machines arrêtées' : 'machine arrêtée'}
          </a>
        </li>
        <li>
          <a href="/atelier/entretien">
            <strong>{data.due.total}</strong> {data.due.total > 1 ? 'entretiens à faire' : 'entretien à faire'}
          </a>
        </li>
        <li>
          <a href="#a-l-arret">
            <strong>{data.stalled.total}</strong> {data.stalled.total > 1 ? 'parcours à l’arrêt' : 'parcours à l’arrêt'}
          </a>
        </li>
      </ul>
      <p>
        <a class="button" href="/equipe/participants/nouveau">
          Inscrire un jeune
        </a>
      </p>

      <h2 id="seances">Séances du jour</h2>
      {data.sessions.length === 0 ? <p>Aucune séance réservée aujourd’hui.</p> : null}
      {data.sessions.map((group) => (
        <section key={group.machine.id} class="card" aria-labelledby={`machine-${group.machine.id}`}>
          <h3 id={`machine-${group.machine.id}`}>
            <a href={machineHref(group.machine.code)}>{group.machine.name}</a>
            {group.machine.status !== 'available' ? (
              <span class="status status-bad">
                {' '}
                <Icon name="alert" /> {MACHINE_STATUS_LABEL[group.machine.status]}
              </span>
            ) : null}
          </h3>
          <ul class="list">
            {group.bookings.map((b) => (
              <SessionLine key={b.id} page={page} booking={b} now={data.now} dates={dates} />
            ))}
          </ul>
        </section>
      ))}

      <div class="grid grid-2">
        <section aria-labelledby="a-valider">
          <h2 id="a-valider">Étapes à valider</h2>
          {data.toValidate.total === 0 ? <p>Rien à valider.</p> : null}
          <ul class="list">
            {data.toValidate.items.map((s) => (
              <li key={`${s.enrollmentId}-${s.stepId}`}>
                <a href={validationHref(s.enrollmentId, s.stepId)}>
                  {s.participant.firstName} {s.participant.lastName} : {s.stepTitle}
                </a>
                <br />
                <span class="muted">
                  {s.pathTitle}
                  {s.submittedAt ? ` · envoyée le ${dates.date(s.submittedAt)}` : ''}
                </span>
              </li>
            ))}
          </ul>
          {data.toValidate.total > data.toValidate.items.length ? (
            <p>
              <a href="/validations">Voir les {data.toValidate.total} étapes à valider</a>
            </p>
          ) : null}
        </section>

        <section aria-labelledby="machines">
          <h2 id="machines">Machines</h2>
          {data.down.length === 0 ? (
            <p>
              <span class="status status-ok">
                <Icon name="check" /> Toutes les machines marchent.
              </span>
            </p>
          ) : null}
          <ul class="list">
            {data.down.map((m) => (
              <li key={m.id}>
                <a href={machineHref(m.code)}>{m.name}</a> ·{' '}
                <span class={m.status === 'out_of_order' ? 'status status-bad' : 'status status-wait'}>
                  <Icon name={m.status === 'out_of_order' ? 'alert' : 'clock'} /> {MACHINE_STATUS_LABEL[m.status]}
                </span>
                {m.since ? <span class="muted"> depuis le {dates.moment(m.since)}</span> : null}
                {m.reason ? (
                  <>
                    <br />
                    <span class="muted">{m.reason}</span>
                  </>
                ) : null}
              </li>
            ))}
          </ul>
          <h3>Entretiens à faire</h3>
          {data.due.total === 0 ? <p>Aucun entretien à faire.</p> : null}
          <ul class="list">
            {data.due.items.map((d) => (
              <li key={d.planId}>
                <a href={machineHref(d.machine.code)}>{d.machine.name}</a> : {d.planTitle}
                <br />
                <span class={d.status === 'due_soon' ? 'muted' : 'status status-wait'}>{d.status === 'due_soon' ? 'bientôt' : 'à faire maintenant'}</span>
                {d.dueAt ? <span class="muted"> · prévu le {dates.date(d.dueAt)}</span> : null}
              </li>
            ))}
          </ul>
          {data.due.total > data.due.items.length ? (
            <p>
              <a href="/atelier/entretien">Voir les {data.due.total} entretiens</a>
            </p>
          ) : null}
        </section>
      </div>

      <h2 id="a-l-arret">Parcours à l’arrêt</h2>
      <p class="muted">Un parcours en cours sans nouvelle étape depuis {data.stalled.days} jours ou plus.</p>
      {data.stalled.total === 0 ? <p>Aucun parcours à l’arrêt.</p> : null}
      <ul class="list">
        {data.stalled.items.map((s) => (
          <li key={`${s.participantId}-${s.pathTitle}`}>
            <a href={`/equipe/participants/${s.participantId}`}>{s.name}</a> · {s.pathTitle}
            <br />
            <span class="muted">dernière activité le {dates.date(s.lastActivityAt)}</span>
          </li>
        ))}
      </ul>
      {data.stalled.total > data.stalled.items.length ? (
        <p>
          <a href="/equipe/participants?statut=active">Voir les parcours en cours</a> ({plural(data.stalled.total, 'parcours à l’arrêt', 'parcours à l’arrêt')} en tout)
        </p>
      ) : null}
    </Layout>
  );
}

function SessionLine({ page, booking: b, now, dates }: { page: PageContext; booking: TodaySession; now: Date; dates: FrenchDates }) {
  const state = { status: b.status, startsAt: new Date(b.startsAt), endsAt: new Date(b.endsAt), checkedInAt: b.checkedInAt ? new Date(b.checkedInAt) : null };
  const mayCheckIn = checkInViolation(state, now) === null;
  const mayCheckOut = !b.checkedOutAt && checkOutViolation(state, now) === null;
  const label = `${dates.time(b.startsAt)} – ${dates.time(b.endsAt)}`;
  return (
    <li>
      <p class="no-margin">
        <a href={sessionHref(b.id)}>
          <strong>{label}</strong> · {b.title ?? KIND_LABEL[b.kind]}
        </a>
        {b.partnerName ? <span class="muted"> · {b.partnerName}</span> : null}
      </p>
      <p class="no-margin">
        {b.checkedOutAt ? (
          <span class="status status-ok">
            <Icon name="check" /> Terminée{b.usedMinutes !== null ? `, ${duration(b.usedMinutes)} de machine` : ''}
          </span>
        ) : b.checkedInAt ? (
          <span class="status status-wait">
            <Icon name="clock" /> En cours depuis {dates.time(b.checkedInAt)}
          </span>
        ) : b.status === 'no_show' ? (
          <span class="status status-bad">Personne n’est venu</span>
        ) : (
          <span class="status status-todo">
            <Icon name="circle" /> Pas encore commencée
          </span>
        )}
        {b.affected ? (
          <span class="status status-bad">
            {' '}
            <Icon name="alert" /> touchée par une panne ou un entretien
          </span>
        ) : null}
      </p>
      {b.attendees.length ? (
        <p class="no-margin">
          {b.attendees.map((a, i) => (
            <span key={a.id}>
              {i > 0 ? ', ' : ''}
              <a href={`/equipe/participants/${a.id}`}>{a.name}</a>
              {b.checkedOutAt || b.checkedInAt ? (a.came ? ' (venu)' : b.checkedOutAt ? ' (absent)' : '') : ''}
            </span>
          ))}
        </p>
      ) : (
        <p class="no-margin muted">Pas de jeune inscrit à l’avance.</p>
      )}
      {mayCheckIn || mayCheckOut ? (
        <div class="actions">
          {mayCheckIn ? (
            <PostForm page={page} action={`/seances/${b.id}/arrivee`} class="inline">
              <input type="hidden" name="retour" value="/equipe?fait=arrivee" />
              <button type="submit" aria-label={`Accueillir le groupe de ${label}, ${b.title ?? KIND_LABEL[b.kind]}`}>
                Accueillir
              </button>
            </PostForm>
          ) : null}
          {mayCheckOut ? (
            <PostForm page={page} action={`/seances/${b.id}/depart`} class="inline">
              <input type="hidden" name="retour" value="/equipe?fait=depart" />
              <button type="submit" class="button-secondary" aria-label={`Terminer la séance de ${label}, ${b.title ?? KIND_LABEL[b.kind]}`}>
                Terminer
              </button>
            </PostForm>
          ) : null}
          <a href={sessionHref(b.id)}>Qui est venu, minutes…</a>
        </div>
      ) : null}
    </li>
  );
}
