import type { BookingView } from '../../bookings/booking-view.js';
import type { MachineMetricsView } from '../../machines/machine-metrics-view.js';
import type { StatusChangeView } from '../../machines/machine-view.js';
import type { Machine } from '../../machines/machine.entity.js';
import type { IncidentView, PlanView, WorkOrderView } from '../../maintenance/maintenance-views.js';
import type { NextMaintenance } from '../../machines/next-maintenance.js';
import { type Choice, Csrf, ErrorSummary, type FieldErrors, Icon, Notice, PostForm, Radios, TextArea, TextInput } from '../shell/components.js';
import { type FrenchDates, plural } from '../shell/french-dates.service.js';
import { CATEGORY_LABEL, MACHINE_STATUS_LABEL } from '../shell/labels.js';
import { Layout } from '../shell/layout.js';
import { type PageContext, say } from '../shell/web-request.js';
import {
  BOOKING_KIND_LABEL,
  hours,
  percent,
  SEVERITY_LABEL,
  STATUS_CLASS,
  STATUS_ICON,
  STATUS_SINCE,
  WORK_ORDER_KIND_LABEL,
  WORK_ORDER_STATUS_LABEL,
} from './machine-words.js';
import { noticeFrom } from '../shell/notices.js';
import { ProblemFields } from '../account/problem-fields.js';

/** The address printed on a machine's label (its QR code): short, stable, the code in capitals. */
export const machinePath = (machine: Pick<Machine, 'code'>): string => `/m/${encodeURIComponent(machine.code)}`;

export function StatusLine({ machine, since, dates }: { machine: Pick<Machine, 'status'>; since: string | null; dates: FrenchDates }) {
  return (
    <span class={`status ${STATUS_CLASS[machine.status]}`}>
      <Icon name={STATUS_ICON[machine.status]} />
      {since ? `${STATUS_SINCE[machine.status]} le ${dates.moment(since)}` : MACHINE_STATUS_LABEL[machine.status]}
    </span>
  );
}

export interface MachineListItem {
  machine: Machine;
  since: string | null;
  next: NextMaintenance | null;
}

/** Every machine and how it is doing: what needs someone first. */
export function MachineListPage({ page, items, dates }: { page: PageContext; items: MachineListItem[]; dates: FrenchDates }) {
  const staff = page.user?.role === 'facilitator' || page.user?.role === 'admin';
  const down = items.filter((i) => i.machine.status === 'out_of_order').length;
  return (
    <Layout page={page} title="Machines">
      <h1>Machines</h1>
      <p class="lead">
        {down === 0
          ? say(page, 'Toutes les machines marchent.', 'Aucune machine en panne.')
          : `${plural(down, 'machine en panne', 'machines en panne')} en ce moment.`}
      </p>
      {staff ? (
        <ul class="link-row">
          <li>
            <a href="/atelier/entretien">Entretiens à faire</a>
          </li>
          <li>
            <a href="/atelier/etiquettes">Imprimer les étiquettes QR</a>
          </li>
          <li>
            <a href="/atelier/nouvelle">Ajouter une machine</a>
          </li>
        </ul>
      ) : null}
      <ul class="list machine-list">
        {items.map(({ machine, since, next }) => (
          <li key={machine.id}>
            <p class="step-title">
              <a href={machinePath(machine)}>{machine.name}</a> <span class="muted">({machine.code})</span>
            </p>
            <p class="no-margin">
              <StatusLine machine={machine} since={since} dates={dates} />
            </p>
            <p class="muted no-margin">
              {CATEGORY_LABEL[machine.category]}
              {machine.location ? ` · ${machine.location}` : ''}
            </p>
            {staff && next && next.status !== 'ok' ? (
              <p class="no-margin status status-wait">
                <Icon name="clock" /> {next.status === 'due' ? 'Entretien à faire' : 'Entretien bientôt'} : {next.title}
              </p>
            ) : null}
          </li>
        ))}
      </ul>
    </Layout>
  );
}

export interface MachinePageData {
  machine: Machine;
  since: string | null;
  /** A learner's own qualification for the machine's category: until when (null: none). */
  qualifiedUntil: string | null | undefined;
  today: BookingView[];
  current: BookingView | null;
  free: { startsAt: string; endsAt: string }[];
  staff: null | {
    history: StatusChangeView[];
    incidents: IncidentView[];
    orders: WorkOrderView[];
    metrics: MachineMetricsView;
    /** Plans: facilitators and admins only (the API's rule). */
    plans: PlanView[] | null;
    /** May act on work orders and plans (facilitators and admins). */
    mayAct: boolean;
  };
}

const WHAT_HAPPENED: Record<string, string> = {
  signale: 'Merci ! L’équipe du fablab est prévenue.',
  arrivee: 'C’est parti : ta séance a commencé.',
  ordre: 'L’ordre de travail est créé.',
  demarre: 'L’ordre de travail est commencé.',
  attente: 'L’ordre de travail est mis en attente.',
  annule: 'L’ordre de travail est annulé.',
  termine: 'L’ordre de travail est terminé.',
  plan: 'L’entretien préventif est ajouté.',
  etat: 'L’état de la machine est changé.',
  ajoutee: 'La machine est ajoutée. Imprimez son étiquette QR depuis la liste des machines.',
};

export const doneMessage = (page: PageContext, done: unknown): string | null => {
  if (done === 'signale') return say(page, 'Merci ! L’équipe du fablab est prévenue.', 'Merci, le signalement est enregistré et l’équipe prévenue.');
  return noticeFrom(WHAT_HAPPENED, done);
};

/** The page of one machine, reached by its QR code: for everyone, then the team's sections. */
export function MachinePage({
  page,
  data,
  dates,
  notice,
  orderErrors = {},
  orderValues = {},
  planErrors = {},
  planValues = {},
  formErrors = {},
  statusErrors = {},
  statusValues = {},
}: {
  page: PageContext;
  data: MachinePageData;
  dates: FrenchDates;
  notice: string | null;
  formErrors?: FieldErrors;
  statusErrors?: FieldErrors;
  statusValues?: Record<string, string>;
  orderErrors?: FieldErrors;
  orderValues?: Record<string, string>;
  planErrors?: FieldErrors;
  planValues?: Record<string, string>;
}) {
  const { machine } = data;
  const learner = page.user?.role === 'learner';
  const path = machinePath(machine);
  const hasErrors = Object.keys(orderErrors).length + Object.keys(planErrors).length + Object.keys(formErrors).length + Object.keys(statusErrors).length > 0;
  return (
    <Layout page={page} title={hasErrors ? `Erreur – ${machine.name}` : machine.name}>
      <p class="muted no-margin">
        <a href="/atelier">Machines</a> · {machine.code}
      </p>
      <h1>{machine.name}</h1>
      <Notice message={notice} />
      <div class={`machine-status machine-status-${machine.status}`}>
        <p class="no-margin">
          <StatusLine machine={machine} since={data.since} dates={dates} />
        </p>
        {machine.status === 'out_of_order' ? (
          <p class="no-margin">{say(page, 'Ne t’en sers pas : l’équipe est prévenue et va la réparer.', 'Ne pas l’utiliser : une réparation est en cours.')}</p>
        ) : null}
      </div>
      <p>
        <a class="button button-secondary" href={`${path}/signaler`}>
          <Icon name="alert" />
          Signaler un problème
        </a>
      </p>

      <ErrorSummary errors={formErrors} />
      {data.current ? <CurrentSession page={page} booking={data.current} path={path} dates={dates} /> : null}

      <div>
        <div>
          <h2>C’est quoi ?</h2>
          <p>
            {CATEGORY_LABEL[machine.category]}
            {machine.location ? `, ${machine.location}` : ''}.
          </p>
          {machine.notes ? <p>{machine.notes}</p> : null}

          <h2>Qui peut s’en servir ?</h2>
          {machine.requiresQualification ? (
            <p>
              Il faut l’habilitation « {CATEGORY_LABEL[machine.category]} », sauf pendant une formation, encadrée pas à pas par l’équipe du fablab ou par le formateur du groupe.
            </p>
          ) : (
            <p>Pas besoin d’habilitation : tout le monde, pendant une séance ou en temps libre.</p>
          )}
          {learner && machine.requiresQualification ? (
            data.qualifiedUntil ? (
              <p class="status status-ok">
                <Icon name="check" /> Tu as cette habilitation jusqu’au {dates.date(data.qualifiedUntil)}.
              </p>
            ) : (
              <p>
                Tu ne l’as pas encore. <a href="/habilitations">Voir comment l’obtenir</a>
              </p>
            )
          ) : null}

          <h2>{learner ? 'Tes réservations aujourd’hui' : 'Aujourd’hui'}</h2>
          {data.today.length === 0 ? (
            <p class="muted">{learner ? 'Tu n’as rien de réservé sur cette machine aujourd’hui.' : 'Aucune réservation aujourd’hui.'}</p>
          ) : (
            <ul class="list">
              {data.today.map((b) => (
                <li key={b.id}>
                  <strong>
                    {dates.time(b.startsAt)} – {dates.time(b.endsAt)}
                  </strong>{' '}
                  · {BOOKING_KIND_LABEL[b.kind]}
                  {b.title && !learner ? ` · ${b.title}` : ''}
                  {!learner && b.participantIds.length > 0 ? ` · ${plural(b.participantIds.length, 'jeune', 'jeunes')}` : ''}
                  {b.status === 'cancelled' ? ' · annulée' : ''}
                  {b.affected && b.status === 'confirmed' ? <strong class="status-bad"> · touchée par {b.affectedReason === 'maintenance_window' ? 'un entretien' : 'une panne'}</strong> : null}
                </li>
              ))}
            </ul>
          )}

          <h2>Prochains créneaux libres</h2>
          {machine.status !== 'available' ? (
            <p>{say(page, 'Aucun créneau tant que la machine n’est pas disponible.', 'Aucun créneau tant que la machine n’est pas disponible.')}</p>
          ) : data.free.length === 0 ? (
            <p>Aucun créneau libre dans les 7 jours qui viennent.</p>
          ) : (
            <ul class="list">
              {data.free.map((slot) => (
                <li key={slot.startsAt}>{dates.slot(slot.startsAt, slot.endsAt)}</li>
              ))}
            </ul>
          )}
          {learner && machine.status === 'available' && data.qualifiedUntil !== null ? (
            <p>
              <a href={`/reservations/nouvelle?machine=${machine.id}`}>Réserver un créneau sur cette machine</a>
            </p>
          ) : null}
          {page.user?.role === 'trainer' && machine.status === 'available' ? (
            <p>
              <a href={`/formateur/reserver?machine=${machine.id}`}>Réserver cette machine pour un groupe</a>
            </p>
          ) : null}
        </div>
      </div>

      {data.staff ? <StaffSections page={page} data={data} dates={dates} orderErrors={orderErrors} orderValues={orderValues} planErrors={planErrors} planValues={planValues} statusErrors={statusErrors} statusValues={statusValues} /> : null}
    </Layout>
  );
}

/**
 * The booking running now, for its author or the team: a learner starts their open-lab time here
 * (one tap); a trainer or the team open the session page, where they say who came.
 */
function CurrentSession({ page, booking, path, dates }: { page: PageContext; booking: BookingView; path: string; dates: FrenchDates }) {
  const learner = page.user?.role === 'learner';
  const when = `${dates.time(booking.startsAt)} – ${dates.time(booking.endsAt)}`;
  if (booking.checkedInAt) {
    return (
      <p class="notice">
        <Icon name="check" /> {learner ? `Ta séance a commencé à ${dates.time(booking.checkedInAt)} (${when}).` : `La séance de ${when} a commencé à ${dates.time(booking.checkedInAt)}.`}{' '}
        {learner ? null : <a href={`/seances/${booking.id}`}>Ouvrir la séance</a>}
      </p>
    );
  }
  return learner ? (
    <form method="post" action={`${path}/seances/${booking.id}/arrivee`} class="actions">
      <Csrf page={page} />
      <button type="submit">
        <Icon name="arrow" />
        Commencer ma séance
      </button>
      <span>Ta réservation : {when}</span>
    </form>
  ) : (
    <p class="actions">
      <a class="button" href={`/seances/${booking.id}`}>
        <Icon name="arrow" />
        {booking.authorId === page.user?.id ? 'Commencer ma séance' : 'Ouvrir la séance en cours'}
      </a>
      <span>{when}</span>
    </p>
  );
}

const ORDER_KIND_CHOICES: Choice[] = [
  { value: 'corrective', label: 'Réparation' },
  { value: 'inspection', label: 'Contrôle' },
  { value: 'preventive', label: 'Entretien préventif' },
];

function StaffSections({
  page,
  data,
  dates,
  orderErrors,
  orderValues,
  planErrors,
  planValues,
  statusErrors,
  statusValues,
}: {
  page: PageContext;
  data: MachinePageData;
  dates: FrenchDates;
  orderErrors: FieldErrors;
  orderValues: Record<string, string>;
  planErrors: FieldErrors;
  planValues: Record<string, string>;
  statusErrors: FieldErrors;
  statusValues: Record<string, string>;
}) {
  const staff = data.staff!;
  const path = machinePath(data.machine);
  const open = staff.orders.filter((o) => o.status === 'open' || o.status === 'in_progress' || o.status === 'on_hold');
  const finished = staff.orders.filter((o) => !open.includes(o)).slice(0, 5);
  const m = staff.metrics;
  return (
    <section aria-labelledby="equipe-titre" class="staff-sections">
      <h2 id="equipe-titre">Pour l’équipe</h2>


      <h3 id="ordres">Ordres de travail</h3>
      {open.length === 0 ? <p class="muted">Aucun ordre de travail en cours.</p> : null}
      <ul class="list">
        {open.map((order) => (
          <li key={order.id}>
            <p class="step-title">
              {staff.mayAct ? <a href={`${path}/ordres/${order.id}`}>{order.title}</a> : order.title}
            </p>
            <p class="no-margin muted">
              {WORK_ORDER_KIND_LABEL[order.kind]} · <strong>{WORK_ORDER_STATUS_LABEL[order.status]}</strong> · ouvert le {dates.moment(order.createdAt)}
            </p>
            {staff.mayAct ? (
              <div class="actions">
                {order.status !== 'on_hold' ? (
                  <a class="button" href={`${path}/ordres/${order.id}`}>
                    Terminer…
                  </a>
                ) : null}
                {order.status === 'open' || order.status === 'on_hold' ? <ActionButton page={page} action={`${path}/ordres/${order.id}/demarrer`} label="Commencer" /> : null}
                {order.status !== 'on_hold' ? <ActionButton page={page} action={`${path}/ordres/${order.id}/attente`} label="Mettre en attente" /> : null}
              </div>
            ) : null}
          </li>
        ))}
      </ul>
      {finished.length > 0 ? (
        <details>
          <summary>Derniers ordres terminés ou annulés</summary>
          <ul class="list">
            {finished.map((order) => (
              <li key={order.id}>
                {staff.mayAct ? <a href={`${path}/ordres/${order.id}`}>{order.title}</a> : order.title} · {WORK_ORDER_STATUS_LABEL[order.status]}
                {order.completedAt ? ` le ${dates.moment(order.completedAt)}` : ''}
              </li>
            ))}
          </ul>
        </details>
      ) : null}
      {staff.mayAct ? (
        <details open={Object.keys(orderErrors).length > 0}>
          <summary>Créer un ordre de travail</summary>
          <ErrorSummary errors={orderErrors} />
          <PostForm page={page} action={`${path}/ordres`}>
            <Radios name="kind" legend="Quel genre de travail ?" value={orderValues.kind ?? 'corrective'} choices={ORDER_KIND_CHOICES} error={orderErrors.kind} />
            <TextInput name="title" label="Quoi faire ?" hint="Par exemple : changer la buse." value={orderValues.title} maxLength={160} error={orderErrors.title} />
            <TextArea name="description" label="Détails (facultatif)" value={orderValues.description} maxLength={2000} rows={3} error={orderErrors.description} />
            <div class="actions">
              <button type="submit">Créer l’ordre de travail</button>
            </div>
          </PostForm>
        </details>
      ) : null}

      {staff.mayAct ? (
        <details open={Object.keys(statusErrors).length > 0}>
          <summary>Changer l’état de la machine</summary>
          <ErrorSummary errors={statusErrors} />
          <PostForm page={page} action={`${path}/etat`}>
            <Radios
              name="status"
              legend="Nouvel état"
              value={statusValues.status ?? ''}
              choices={(['available', 'maintenance', 'out_of_order', 'retired'] as const).filter((st) => st !== data.machine.status).map((st) => ({ value: st, label: MACHINE_STATUS_LABEL[st] }))}
              error={statusErrors.status}
            />
            <TextInput name="reason" label="Pourquoi ?" hint="Gardé dans l’historique. Par exemple : tube laser remplacé, essais concluants." value={statusValues.reason} maxLength={500} error={statusErrors.reason} />
            <div class="actions">
              <button type="submit">Changer l’état</button>
            </div>
          </PostForm>
        </details>
      ) : null}

      {staff.plans ? (
        <>
          <h3>Entretiens préventifs</h3>
          {staff.plans.length === 0 ? <p class="muted">Aucun entretien préventif prévu.</p> : null}
          <ul class="list">
            {staff.plans.map((plan) => (
              <li key={plan.id}>
                <p class="step-title">{plan.title}</p>
                <p class="no-margin">
                  {[plan.everyDays ? `tous les ${plural(plan.everyDays, 'jour', 'jours')}` : null, plan.everyUsageHours ? `toutes les ${hours(plan.everyUsageHours)} d’utilisation` : null]
                    .filter(Boolean)
                    .join(' ou ')}
                  , fait la dernière fois le {dates.date(plan.lastCompletedAt)}.
                </p>
                <p class={`no-margin status ${plan.due.status === 'due' ? 'status-bad' : plan.due.status === 'due_soon' ? 'status-wait' : 'status-ok'}`}>
                  <Icon name={plan.due.status === 'ok' ? 'check' : 'clock'} />
                  {planDueWords(plan, dates)}
                </p>
                {staff.mayAct ? (
                  <div class="actions">
                    <ActionButton page={page} action={`${path}/plans/${plan.id}/ordre`} label="Lancer cet entretien" />
                  </div>
                ) : null}
              </li>
            ))}
          </ul>
          {staff.mayAct ? (
            <details open={Object.keys(planErrors).length > 0}>
              <summary>Ajouter un entretien préventif</summary>
              <ErrorSummary errors={planErrors} />
              <PostForm page={page} action={`${path}/plans`}>
                <TextInput name="planTitle" label="Nom de l’entretien" hint="Par exemple : nettoyer la lentille." value={planValues.planTitle} maxLength={160} error={planErrors.planTitle} />
                <TextInput name="everyDays" label="Tous les combien de jours ? (facultatif)" type="text" inputMode="numeric" value={planValues.everyDays} error={planErrors.everyDays} />
                <TextInput
                  name="everyUsageHours"
                  label="Ou toutes les combien d’heures d’utilisation ? (facultatif)"
                  hint="Remplissez au moins l’un des deux."
                  type="text"
                  inputMode="numeric"
                  value={planValues.everyUsageHours}
                  error={planErrors.everyUsageHours}
                />
                <TextArea name="checklist" label="Liste des vérifications (une par ligne, facultatif)" value={planValues.checklist} rows={4} error={planErrors.checklist} />
                <div class="actions">
                  <button type="submit">Ajouter l’entretien</button>
                </div>
              </PostForm>
            </details>
          ) : null}
        </>
      ) : null}

      <h3>Sur les 30 derniers jours</h3>
      <dl class="figures">
        <div>
          <dt>Disponibilité</dt>
          <dd>{percent(m.availabilityPct)}</dd>
        </div>
        <div>
          <dt>Pannes</dt>
          <dd>{m.failures}</dd>
        </div>
        <div>
          <dt>Temps moyen entre deux pannes</dt>
          <dd>{m.mtbfHours === null ? 'aucune panne' : hours(m.mtbfHours)}</dd>
        </div>
        <div>
          <dt>Temps moyen de réparation</dt>
          <dd>{m.mttrHours === null ? '—' : hours(m.mttrHours)}</dd>
        </div>
        <div>
          <dt>Occupation</dt>
          <dd>{percent(m.utilisationPct)}</dd>
        </div>
        <div>
          <dt>Compteur</dt>
          <dd>{hours(data.machine.usageHours)}</dd>
        </div>
      </dl>
      <p class="muted">Mesuré sur les heures d’ouverture : {hours(m.openHours)} d’ouverture, {hours(m.downtimeHours)} d’arrêt.</p>

      <h3>Incidents signalés</h3>
      {staff.incidents.length === 0 ? <p class="muted">Aucun incident signalé.</p> : null}
      <ul class="list">
        {staff.incidents.map((incident) => (
          <li key={incident.id}>
            <strong>{SEVERITY_LABEL[incident.severity]}</strong> · {dates.moment(incident.reportedAt)}
            <br />
            {incident.description}
          </li>
        ))}
      </ul>

      <h3>Historique des états</h3>
      <ul class="list">
        {staff.history.map((change) => (
          <li key={change.id}>
            <strong>{MACHINE_STATUS_LABEL[change.toStatus]}</strong> · {dates.moment(change.changedAt)}
            <br />
            <span class="muted">{change.source === 'created' ? 'Machine ajoutée au catalogue' : change.reason}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}

export function planDueWords(plan: { due: { status: string; dueAt: string | null; usageHoursLeft: number | null } }, dates: FrenchDates, now = dates.now()): string {
  const parts: string[] = [];
  const left = plan.due.usageHoursLeft;
  if (left !== null) parts.push(left <= 0 ? `${hours(-left)} d’utilisation de plus que prévu` : `encore ${hours(left)} d’utilisation`);
  if (plan.due.dueAt) parts.push(new Date(plan.due.dueAt) <= now ? `prévu le ${dates.date(plan.due.dueAt)}` : `au plus tard le ${dates.date(plan.due.dueAt)}`);
  const head = plan.due.status === 'due' ? 'À faire maintenant' : plan.due.status === 'due_soon' ? 'À faire bientôt' : 'À jour';
  return parts.length ? `${head} : ${parts.join(' ; ')}` : head;
}

function ActionButton({ page, action, label }: { page: PageContext; action: string; label: string }) {
  return (
    <form method="post" action={action} class="inline">
      <Csrf page={page} />
      <button type="submit" class="button-secondary">
        {label}
      </button>
    </form>
  );
}

/** "Signaler un problème" for one machine: the form, then back to the machine. */
export function ReportPage({
  page,
  machine,
  values,
  errors,
}: {
  page: PageContext;
  machine: Machine;
  values: { severity: string; description: string };
  errors: FieldErrors;
}) {
  const path = machinePath(machine);
  return (
    <Layout page={page} title={Object.keys(errors).length ? `Erreur – Signaler un problème` : 'Signaler un problème'}>
      <p class="muted no-margin">
        <a href={path}>{machine.name}</a>
      </p>
      <h1>Signaler un problème</h1>
      <ErrorSummary errors={errors} />
      <p class="lead">
        Sur : <strong>{machine.name}</strong> ({machine.code})
      </p>
      <PostForm page={page} action={`${path}/signaler`}>
        <ProblemFields values={values} errors={errors} />
        <div class="actions">
          <button type="submit">Envoyer le signalement</button>
          <a href={path}>Annuler</a>
        </div>
      </PostForm>
    </Layout>
  );
}

/** One work order: what it is, its life, and (unfinished) the form that completes it. */
export function WorkOrderPage({
  page,
  machine,
  order,
  dates,
  errors,
  values,
  mayAct,
  checklist,
}: {
  page: PageContext;
  machine: Machine;
  order: WorkOrderView;
  dates: FrenchDates;
  errors: FieldErrors;
  values: { done: Set<number>; usageHours: string; notes: string };
  mayAct: boolean;
  checklist: string[];
}) {
  const path = machinePath(machine);
  const completable = order.status === 'open' || order.status === 'in_progress';
  return (
    <Layout page={page} title={Object.keys(errors).length ? 'Erreur – Ordre de travail' : 'Ordre de travail'}>
      <p class="muted no-margin">
        <a href={path}>{machine.name}</a> · ordre de travail
      </p>
      <h1>{order.title}</h1>
      <ErrorSummary errors={errors} />
      <p>
        {WORK_ORDER_KIND_LABEL[order.kind]} · <strong>{WORK_ORDER_STATUS_LABEL[order.status]}</strong>
      </p>
      {order.description ? <p>{order.description}</p> : null}
      {order.status === 'done' ? (
        <div class="card">
          <p>
            Terminé le {dates.moment(order.completedAt as string)}
            {order.usageHoursAtCompletion !== null ? `, compteur à ${hours(order.usageHoursAtCompletion)}` : ''}.
          </p>
          {order.checklist.length > 0 ? (
            <ul>
              {order.checklist.map((c) => (
                <li key={c.item}>
                  {c.done ? 'Fait' : 'Pas fait'} : {c.item}
                </li>
              ))}
            </ul>
          ) : null}
          {order.notes ? <p>{order.notes}</p> : null}
        </div>
      ) : null}
      {mayAct && completable ? (
        <PostForm page={page} action={`${path}/ordres/${order.id}/terminer`}>
          <h2>Terminer le travail</h2>
          <fieldset class="field">
            <legend>Ce qui a été fait</legend>
            <p class="hint">
              Cochez ce qui est fait : ce qui n’est pas coché est noté « pas fait ».
              {order.kind === 'corrective' ? ' Terminer une réparation remet la machine en service : essayez-la d’abord.' : ''}
            </p>
            {checklist.map((item, index) => (
              <div class="checkbox" key={item}>
                <input type="checkbox" id={`done-${index}`} name="done" value={String(index)} checked={values.done.has(index)} />
                <label for={`done-${index}`}>{item}</label>
              </div>
            ))}
          </fieldset>
          <TextInput
            name="usageHours"
            label="Relevé du compteur, en heures (facultatif)"
            hint={`Le compteur est à ${hours(machine.usageHours)}. Par exemple : ${Math.ceil(machine.usageHours + 1)}`}
            inputMode="numeric"
            value={values.usageHours}
            error={errors.usageHours}
          />
          <TextArea name="notes" label="Ce qu’il faut savoir (facultatif)" value={values.notes} rows={3} maxLength={4000} error={errors.notes} />
          <div class="actions">
            <button type="submit">Marquer comme terminé</button>
            <a href={path}>Revenir à la machine</a>
          </div>
        </PostForm>
      ) : null}
      {mayAct && order.status !== 'done' && order.status !== 'cancelled' ? (
        <div class="actions">
          {order.status !== 'in_progress' ? <ActionButton page={page} action={`${path}/ordres/${order.id}/demarrer`} label="Commencer" /> : null}
          {order.status !== 'on_hold' ? <ActionButton page={page} action={`${path}/ordres/${order.id}/attente`} label="Mettre en attente" /> : null}
          <ActionButton page={page} action={`${path}/ordres/${order.id}/annuler`} label="Annuler l’ordre" />
        </div>
      ) : null}
      <h2>Historique</h2>
      <ul class="list">
        {(order.events ?? []).map((event) => (
          <li key={event.at + event.toStatus}>
            {WORK_ORDER_STATUS_LABEL[event.toStatus]} · {dates.moment(event.at)}
            {event.note ? ` · ${event.note}` : ''}
          </li>
        ))}
      </ul>
    </Layout>
  );
}
