import type { BookingView } from '../../bookings/booking-view.js';
import { CHECK_IN_LEAD_MINUTES } from '../../bookings/booking-rules.js';
import { ErrorSummary, Icon, Notice, PostForm, Select, TextArea, TextInput } from '../shell/components.js';
import { duration, type FrenchDates } from '../shell/french-dates.service.js';
import { Layout } from '../shell/layout.js';
import type { PageContext } from '../shell/web-request.js';
import { clock } from './booking-refusals.service.js';
import { PeopleCheckboxes, type Person } from './people-checkboxes.js';
import { KIND_LABEL, LENGTH_CHOICES, type SessionErrors, STATUS_LABEL } from './session-words.js';

export interface SessionMachine {
  id: string;
  name: string;
  code: string;
  location: string | null;
}

const MINUTE_MS = 60_000;
const lengthOf = (b: BookingView) => Math.round((new Date(b.endsAt).getTime() - new Date(b.startsAt).getTime()) / MINUTE_MS);

/**
 * A session seen by its trainer or the team: what, when, who; then the one thing to do now —
 * welcome the group (who came), end it (who came, minutes used), or move or cancel it before.
 */
export function SessionPage(props: {
  page: PageContext;
  booking: BookingView;
  machine: SessionMachine;
  partnerName: string | null;
  people: Person[];
  dates: FrenchDates;
  now: Date;
  notice: string | null;
  failed: SessionErrors | null;
  startChoices: string[];
  /** The booking's local day (`yyyy-MM-dd`) and start (`HH:mm`): the move form's defaults. */
  localStart: { day: string; clock: string };
}) {
  const { page, booking, machine, people, dates, now, failed } = props;
  const start = new Date(booking.startsAt);
  const end = new Date(booking.endsAt);
  const confirmed = booking.status === 'confirmed';
  const checkedIn = booking.checkedInAt !== null;
  const checkInOpens = new Date(start.getTime() - CHECK_IN_LEAD_MINUTES * MINUTE_MS);
  const mayCheckIn = confirmed && !checkedIn && now >= checkInOpens && now < end;
  const mayCheckOut = confirmed && checkedIn && now >= start;
  const mayChange = confirmed && !checkedIn && now < end;
  const attended = new Set(booking.attendeeIds);
  const errorsOf = (form: SessionErrors['form']) => (failed?.form === form ? failed.errors : {});
  const valueOf = (form: SessionErrors['form'], field: string) => (failed?.form === form ? failed.values?.[field] : undefined);
  const title = `${KIND_LABEL[booking.kind]} du ${dates.day(start, now)}`;
  const recorded = booking.status === 'completed' || attended.size > 0;
  return (
    <Layout page={page} title={failed ? `Erreur – ${KIND_LABEL[booking.kind]}` : KIND_LABEL[booking.kind]}>
      <h1>{title}</h1>
      <Notice message={props.notice} />
      <ErrorSummary errors={failed?.errors ?? {}} />
      {booking.affected ? (
        <p class="warning">
          <Icon name="alert" />{' '}
          {booking.affectedReason === 'maintenance_window'
            ? 'Un entretien de la machine est prévu pendant ce créneau : déplacez la séance ou voyez avec l’équipe du fablab.'
            : 'Machine en panne : un problème bloquant a été signalé. Déplacez la séance ou voyez avec l’équipe du fablab.'}
        </p>
      ) : null}
      <ul class="facts">
        <li>
          <span class="muted">Quand :</span> <strong>{dates.slot(start, end, now)}</strong> ({duration(lengthOf(booking))})
        </li>
        <li>
          <span class="muted">Machine :</span> <a href={`/m/${encodeURIComponent(machine.code)}`}>{machine.name}</a> ({machine.code})
          {machine.location ? ` · ${machine.location}` : ''}
        </li>
        <li>
          <span class="muted">Type :</span> {KIND_LABEL[booking.kind]}
          {booking.title ? ` · ${booking.title}` : ''}
        </li>
        {props.partnerName ? (
          <li>
            <span class="muted">Pour :</span> {props.partnerName}
          </li>
        ) : null}
        <li>
          <span class="muted">État :</span> <strong>{STATUS_LABEL[booking.status]}</strong>
          {checkedIn && booking.status === 'confirmed' ? ` · groupe accueilli à ${dates.time(booking.checkedInAt as string)}` : ''}
          {booking.status === 'completed' && booking.usedMinutes !== null ? ` · machine utilisée ${duration(booking.usedMinutes)}` : ''}
        </li>
        {booking.status === 'cancelled' && booking.cancelReason ? (
          <li>
            <span class="muted">Raison :</span> {booking.cancelReason}
          </li>
        ) : null}
      </ul>

      <h2>Le groupe</h2>
      {people.length === 0 ? (
        <p>Personne n’est inscrit à cette réservation.</p>
      ) : mayCheckIn ? null : mayCheckOut ? null : (
        <>
          {booking.status === 'completed' ? (
            <p class="hint">Une étape faite pendant la séance ? Touchez le nom du jeune : sa page montre son parcours, avec « Valider cette étape ».</p>
          ) : null}
          <ul class="list">
            {people.map((person) => (
              <li key={person.id}>
                <a href={`/equipe/participants/${person.id}`}>{person.name}</a>
                {recorded ? (
                  <>
                    {' · '}
                    {attended.has(person.id) ? (
                      <span class="status status-ok">
                        <Icon name="check" /> présent·e
                      </span>
                    ) : (
                      <span class="status status-todo">absent·e</span>
                    )}
                  </>
                ) : null}
              </li>
            ))}
          </ul>
        </>
      )}

      {mayCheckIn ? (
        <PostForm page={page} action={`/seances/${booking.id}/arrivee`}>
          <input type="hidden" name="liste" value="1" />
          {people.length > 0 ? (
            <PeopleCheckboxes
              id="attendeeIds"
              name="attendeeIds"
              legend="Qui est là ?"
              hint="Décochez les absents."
              error={errorsOf('arrivee').attendeeIds}
              people={people}
              checked={failed?.form === 'arrivee' ? new Set((valueOf('arrivee', 'attendeeIds') ?? '').split(',')) : new Set(people.map((p) => p.id))}
            />
          ) : null}
          <button type="submit">Accueillir le groupe</button>
        </PostForm>
      ) : null}
      {confirmed && !checkedIn && now < checkInOpens ? (
        <p>
          <Icon name="clock" /> L’accueil du groupe s’ouvre {CHECK_IN_LEAD_MINUTES} minutes avant le début, à {dates.time(checkInOpens)}.
        </p>
      ) : null}
      {confirmed && !checkedIn && now >= end ? (
        <p class="warning">Cette séance est finie sans que l’arrivée du groupe ait été enregistrée. Voyez avec l’équipe du fablab.</p>
      ) : null}

      {mayCheckOut ? (
        <PostForm page={page} action={`/seances/${booking.id}/depart`}>
          <input type="hidden" name="liste" value="1" />
          {people.length > 0 ? (
            <PeopleCheckboxes
              id="attendeeIds"
              name="attendeeIds"
              legend="Qui est venu ?"
              hint="Les présents comptent pour l’objectif de l’année du fablab."
              error={errorsOf('depart').attendeeIds}
              people={people}
              checked={
                failed?.form === 'depart'
                  ? new Set((valueOf('depart', 'attendeeIds') ?? '').split(','))
                  : attended.size > 0
                    ? attended
                    : new Set(people.map((p) => p.id))
              }
            />
          ) : null}
          <TextInput
            name="usedMinutes"
            type="number"
            inputMode="numeric"
            label="Temps d’utilisation de la machine (en minutes)"
            hint={`Au plus la durée réservée : ${lengthOf(booking)} minutes.`}
            value={valueOf('depart', 'usedMinutes') ?? String(lengthOf(booking))}
            error={errorsOf('depart').usedMinutes}
          />
          <button type="submit">Terminer la séance</button>
        </PostForm>
      ) : null}
      {confirmed && checkedIn && now < start ? (
        <p>
          <Icon name="clock" /> Vous pourrez terminer la séance à partir de {dates.time(start)}.
        </p>
      ) : null}

      {mayChange ? (
        <>
          <h2>Changer la séance</h2>
          <details open={failed?.form === 'deplacer'}>
          <summary>Déplacer la séance</summary>
          <p class="hint">Même machine, même groupe. Les jeunes inscrits avec un compte sont prévenus du nouvel horaire.</p>
          <PostForm page={page} action={`/seances/${booking.id}/deplacer`}>
            <TextInput name="jour" type="date" label="Nouveau jour" value={valueOf('deplacer', 'jour') ?? props.localStart.day} error={errorsOf('deplacer').jour} />
            <Select
              name="debut"
              label="Début"
              value={valueOf('deplacer', 'debut') ?? props.localStart.clock}
              choices={props.startChoices.map((c) => ({ value: c, label: clock(c) }))}
              error={errorsOf('deplacer').debut}
            />
            <Select
              name="minutes"
              label="Durée"
              value={valueOf('deplacer', 'minutes') ?? String(lengthOf(booking))}
              choices={lengthChoices(lengthOf(booking))}
              error={errorsOf('deplacer').minutes}
            />
            <button type="submit" class="button-secondary">
              Déplacer la séance
            </button>
          </PostForm>
          </details>
          <details open={failed?.form === 'annuler'}>
          <summary>Annuler la séance</summary>
          <PostForm page={page} action={`/seances/${booking.id}/annuler`}>
            <TextArea
              name="reason"
              label="Pourquoi annulez-vous ?"
              hint="Les jeunes inscrits recevront ce message."
              rows={3}
              maxLength={500}
              value={valueOf('annuler', 'reason')}
              error={errorsOf('annuler').reason}
            />
            <button type="submit" class="button-danger">
              Annuler la séance
            </button>
          </PostForm>
          </details>
        </>
      ) : null}

      <h2>Et ensuite</h2>
      <ul>
        <li>
          <a href="/validations">Les étapes que les jeunes ont envoyées</a>
        </li>
        <li>
          <a href={page.user?.role === 'trainer' ? '/formateur/reservations' : '/equipe'}>
            {page.user?.role === 'trainer' ? 'Mes réservations' : 'Retour à l’accueil'}
          </a>
        </li>
      </ul>
    </Layout>
  );
}

function lengthChoices(current: number) {
  const lengths = LENGTH_CHOICES.includes(current) ? LENGTH_CHOICES : [...LENGTH_CHOICES, current].sort((a, b) => a - b);
  return lengths.map((m) => ({ value: String(m), label: duration(m) }));
}
