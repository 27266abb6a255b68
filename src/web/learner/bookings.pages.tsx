import type { BookingView } from '../../bookings/booking-view.js';
import type { MachineCategory } from '../../common/machine-category.js';
import type { MachineStatus } from '../../machines/machine-status.js';
import { ErrorSummary, type FieldErrors, Icon, Notice, PostForm, TextInput } from '../shell/components.js';
import { duration, type FrenchDates } from '../shell/french-dates.service.js';
import { CATEGORY_LABEL, MACHINE_STATUS_LABEL } from '../shell/labels.js';
import { Layout } from '../shell/layout.js';
import type { PageContext } from '../shell/web-request.js';

export interface SlotChoice {
  value: string;
  label: string;
  day: string;
}

const BOOKING_STATUS: Record<BookingView['status'], string> = {
  confirmed: 'Réservée',
  cancelled: 'Annulée',
  completed: 'Faite',
  no_show: 'Pas venu au créneau',
};

function BookingLine({ booking, machineName, dates, now }: { booking: BookingView; machineName: string; dates: FrenchDates; now: Date }) {
  return (
    <>
      <strong>{dates.slot(booking.startsAt, booking.endsAt, now)}</strong>
      <br />
      {machineName}
      {booking.title ? ` · ${booking.title}` : ''}
      {booking.affected ? (
        <p class="warning">
          <Icon name="alert" /> Attention : la machine a un problème ou un entretien pendant ce créneau. L’équipe te tiendra au courant.
        </p>
      ) : null}
    </>
  );
}

export function BookingsPage(props: {
  page: PageContext;
  upcoming: BookingView[];
  past: BookingView[];
  machineNames: Map<string, string>;
  dates: FrenchDates;
  now: Date;
  notice: string | null;
  errors: FieldErrors;
}) {
  const { page, dates, now } = props;
  const name = (b: BookingView) => props.machineNames.get(b.machineId) ?? 'Machine';
  return (
    <Layout page={page} title="Mes réservations">
      <h1>Mes réservations</h1>
      <Notice message={props.notice} />
      <ErrorSummary errors={props.errors} />
      <p class="actions">
        <a class="button" href="/reservations/nouvelle">
          Réserver une machine
        </a>
      </p>
      <h2>À venir</h2>
      {props.upcoming.length === 0 ? (
        <p>Tu n’as rien de réservé pour l’instant.</p>
      ) : (
        <ul class="list">
          {props.upcoming.map((booking) => (
            <li key={booking.id}>
              <BookingLine booking={booking} machineName={name(booking)} dates={dates} now={now} />
              {booking.authorId === page.user?.id && !booking.checkedInAt && new Date(booking.startsAt) > now ? (
                <details>
                  <summary>Annuler cette réservation</summary>
                  <PostForm page={page} action={`/reservations/${booking.id}/annuler`}>
                    <TextInput name="reason" id={`raison-${booking.id}`} label="Pourquoi ? (si tu veux)" maxLength={500} />
                    <button type="submit" class="button-danger">
                      Annuler la réservation
                    </button>
                  </PostForm>
                </details>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      <h2>Mon agenda</h2>
      <p>Tu peux voir tes réservations dans l’agenda de ton téléphone. Elles s’y mettent à jour toutes seules.</p>
      <PostForm page={page} action="/reservations/calendrier">
        <button type="submit" class="button-secondary">
          Ajouter à l’agenda de mon téléphone
        </button>
      </PostForm>
      <h2>Passées</h2>
      {props.past.length === 0 ? (
        <p>Pas encore de réservation passée.</p>
      ) : (
        <ul class="list">
          {props.past.map((booking) => (
            <li key={booking.id}>
              <BookingLine booking={booking} machineName={name(booking)} dates={dates} now={now} />
              <br />
              <span class="muted">{BOOKING_STATUS[booking.status]}</span>
            </li>
          ))}
        </ul>
      )}
    </Layout>
  );
}

interface MachineChoice {
  id: string;
  name: string;
  category: MachineCategory;
  status: MachineStatus;
  location: string | null;
  allowed: boolean;
}

export function NewBookingPage(props: {
  page: PageContext;
  machines: MachineChoice[];
  chosen: { id: string; name: string; status: MachineStatus } | null;
  slots: SlotChoice[];
  lengths: number[];
  errors: FieldErrors;
  start: string | null;
  minutes: number | null;
}) {
  const { page, chosen, errors } = props;
  const allowed = props.machines.filter((m) => m.allowed);
  const locked = props.machines.filter((m) => !m.allowed);
  const days = [...new Set(props.slots.map((s) => s.day))];
  return (
    <Layout page={page} title={Object.keys(errors).length ? 'Erreur – Réserver une machine' : 'Réserver une machine'}>
      <h1>Réserver une machine</h1>
      <ErrorSummary errors={errors} />
      {!chosen ? (
        <>
          <p class="lead">Choisis la machine sur laquelle tu veux travailler en accès libre.</p>
          {allowed.length === 0 ? <p>Pour l’instant, aucune machine ne t’est ouverte. Les habilitations s’obtiennent dans ton parcours.</p> : null}
          <ul class="list">
            {allowed.map((m) => (
              <li key={m.id}>
                {m.status === 'available' ? (
                  <a href={`/reservations/nouvelle?machine=${m.id}`}>
                    <strong>{m.name}</strong>
                  </a>
                ) : (
                  <strong>{m.name}</strong>
                )}
                <br />
                {CATEGORY_LABEL[m.category]}
                {m.location ? ` · ${m.location}` : ''}
                {m.status !== 'available' ? (
                  <span class="status status-bad">
                    {' '}
                    · <Icon name="alert" /> {MACHINE_STATUS_LABEL[m.status]}
                  </span>
                ) : null}
              </li>
            ))}
          </ul>
          {locked.length > 0 ? (
            <>
              <h2>Pas encore pour toi</h2>
              <p>Il te faut une habilitation pour ces machines. <a href="/habilitations">Voir comment l’obtenir</a>.</p>
              <ul>
                {locked.map((m) => (
                  <li key={m.id}>
                    <Icon name="lock" /> {m.name} ({CATEGORY_LABEL[m.category].toLowerCase()})
                  </li>
                ))}
              </ul>
            </>
          ) : null}
        </>
      ) : (
        <>
          <p class="lead">
            Machine : <strong>{chosen.name}</strong> · <a href="/reservations/nouvelle">changer de machine</a>
          </p>
          {chosen.status !== 'available' ? (
            <p class="warning">Cette machine n’est pas disponible en ce moment ({MACHINE_STATUS_LABEL[chosen.status].toLowerCase()}). Choisis-en une autre.</p>
          ) : props.slots.length === 0 ? (
            <p>Aucun créneau libre dans les 7 prochains jours. Reviens plus tard ou choisis une autre machine.</p>
          ) : (
            <PostForm page={page} action="/reservations">
              <input type="hidden" name="machineId" value={chosen.id} />
              <div class={errors.start ? 'field field-error' : 'field'}>
                <label for="start">Quand commences-tu ?</label>
                <p class="hint" id="start-hint">
                  Seuls les horaires libres sont proposés, sur les 7 prochains jours.
                </p>
                {errors.start ? (
                  <p class="error-message" id="start-error">
                    <span class="visually-hidden">Erreur : </span>
                    {errors.start}
                  </p>
                ) : null}
                <select id="start" name="start" aria-describedby={errors.start ? 'start-hint start-error' : 'start-hint'}>
                  {days.map((day) => (
                    <optgroup key={day} label={day}>
                      {props.slots
                        .filter((s) => s.day === day)
                        .map((s) => (
                          <option key={s.value} value={s.value} selected={s.value === props.start}>
                            {day}, {s.label.replace(/^.*, /, '')}
                          </option>
                        ))}
                    </optgroup>
                  ))}
                </select>
              </div>
              <div class={errors.minutes ? 'field field-error' : 'field'}>
                <label for="minutes">Combien de temps ?</label>
                {errors.minutes ? (
                  <p class="error-message" id="minutes-error">
                    <span class="visually-hidden">Erreur : </span>
                    {errors.minutes}
                  </p>
                ) : null}
                <select id="minutes" name="minutes" aria-describedby={errors.minutes ? 'minutes-error' : undefined}>
                  {props.lengths.map((length) => (
                    <option key={length} value={String(length)} selected={length === (props.minutes ?? 60)}>
                      {duration(length)}
                    </option>
                  ))}
                </select>
              </div>
              <div class="actions">
                <button type="submit">Réserver ce créneau</button>
              </div>
            </PostForm>
          )}
        </>
      )}
    </Layout>
  );
}

export function CalendarPage({ page, webcal, https }: { page: PageContext; webcal: string; https: string }) {
  return (
    <Layout page={page} title="Mon agenda">
      <h1>Ajouter mes réservations à mon agenda</h1>
      <p class="lead">Touche le bouton : ton téléphone te propose de s’abonner. Tes réservations s’afficheront dans ton agenda et se mettront à jour toutes seules.</p>
      <p class="actions">
        <a class="button" href={webcal}>
          Ajouter à mon agenda
        </a>
      </p>
      <p>Si ça ne marche pas, copie cette adresse dans ton application d’agenda (Google Agenda, Outlook…) :</p>
      <p class="code">{https}</p>
      <p class="warning">Garde cette adresse pour toi : elle montre tes réservations à qui la connaît. Si tu la donnes par erreur, reviens ici en créer une nouvelle, l’ancienne ne marchera plus. Ne recharge pas cette page : ça créerait une nouvelle adresse.</p>
      <p>
        <a href="/reservations">Retour à mes réservations</a>
      </p>
    </Layout>
  );
}
