import { CHECK_IN_LEAD_MINUTES } from '../../bookings/booking-rules.js';
import type { BookingView } from '../../bookings/booking-view.js';
import { ErrorSummary, type FieldErrors, Icon, Notice, PostForm } from '../shell/components.js';
import type { FrenchDates } from '../shell/french-dates.service.js';
import { Layout } from '../shell/layout.js';
import type { PageContext } from '../shell/web-request.js';
import { KIND_LABEL, STATUS_LABEL } from './session-words.js';

interface Listed {
  booking: BookingView;
  machineName: string;
}

/** One booking in a list: when, which machine, how many young people, a disruption flag, a link to its page. */
function BookingItem({ item, dates, now, showStatus }: { item: Listed; dates: FrenchDates; now: Date; showStatus?: boolean }) {
  const { booking } = item;
  const count = booking.participantIds.length;
  return (
    <li>
      <a href={`/seances/${booking.id}`}>
        <strong>{dates.slot(booking.startsAt, booking.endsAt, now)}</strong>
      </a>
      <br />
      {item.machineName} · {KIND_LABEL[booking.kind]}
      {booking.title ? ` · ${booking.title}` : ''} · {count === 0 ? 'aucun jeune inscrit' : count === 1 ? '1 jeune' : `${count} jeunes`}
      {showStatus ? <span class="muted"> · {STATUS_LABEL[booking.status]}</span> : null}
      {booking.affected ? (
        <p class="warning affected">
          <Icon name="alert" />{' '}
          <strong>{booking.affectedReason === 'maintenance_window' ? 'Entretien prévu' : 'Machine en panne'}</strong> pendant ce créneau : déplacez la séance ou voyez
          avec l’équipe du fablab.
        </p>
      ) : null}
    </li>
  );
}

export function TrainerHomePage(props: { page: PageContext; upcoming: Listed[]; dates: FrenchDates; now: Date }) {
  const { page, dates, now } = props;
  const affected = props.upcoming.filter((i) => i.booking.affected).length;
  return (
    <Layout page={page} title="Accueil">
      <h1>Bonjour {page.user?.displayName}</h1>
      {props.upcoming
        .filter((i) => new Date(i.booking.startsAt).getTime() - CHECK_IN_LEAD_MINUTES * 60_000 <= now.getTime())
        .map((i) => (
          <section class="card card-highlight" key={i.booking.id} aria-labelledby={`maintenant-${i.booking.id}`}>
            <h2 id={`maintenant-${i.booking.id}`}>{i.booking.checkedInAt ? 'Séance en cours' : 'C’est l’heure de votre séance'}</h2>
            <p>
              <strong>{dates.slot(i.booking.startsAt, i.booking.endsAt, now)}</strong> · {i.machineName} · {KIND_LABEL[i.booking.kind]}
            </p>
            <p>
              <a class="button" href={`/seances/${i.booking.id}`}>
                {i.booking.checkedInAt ? 'Terminer la séance' : 'Accueillir le groupe'}
              </a>
            </p>
          </section>
        ))}
      <p class="actions">
        <a class="button" href="/formateur/reserver">
          Réserver une machine
        </a>
        <a class="button button-secondary" href="/formateur/reservations">
          Mes réservations
        </a>
      </p>
      {affected > 0 ? (
        <p class="warning">
          <Icon name="alert" /> {affected === 1 ? 'Une de vos prochaines séances est touchée' : `${affected} de vos prochaines séances sont touchées`} par une panne ou un
          entretien.
        </p>
      ) : null}
      <h2>Vos prochaines séances</h2>
      {props.upcoming.length === 0 ? (
        <p>Rien de prévu pour l’instant.</p>
      ) : (
        <ul class="list">
          {props.upcoming.map((item) => (
            <BookingItem key={item.booking.id} item={item} dates={dates} now={now} />
          ))}
        </ul>
      )}
      <h2>Vos jeunes</h2>
      <ul>
        <li>
          <a href="/equipe/participants">Les jeunes de votre structure et leur parcours</a>
        </li>
        <li>
          <a href="/validations">Les étapes à valider</a>
        </li>
      </ul>
    </Layout>
  );
}

export function TrainerBookingsPage(props: { page: PageContext; upcoming: Listed[]; past: Listed[]; dates: FrenchDates; now: Date; notice: string | null; errors: FieldErrors }) {
  const { page, dates, now } = props;
  return (
    <Layout page={page} title="Mes réservations">
      <h1>Mes réservations</h1>
      <Notice message={props.notice} />
      <ErrorSummary errors={props.errors} />
      <p class="actions">
        <a class="button" href="/formateur/reserver">
          Réserver une machine
        </a>
      </p>
      <h2>À venir</h2>
      {props.upcoming.length === 0 ? (
        <p>Rien de réservé pour l’instant.</p>
      ) : (
        <ul class="list">
          {props.upcoming.map((item) => (
            <BookingItem key={item.booking.id} item={item} dates={dates} now={now} />
          ))}
        </ul>
      )}
      <h2>Dans mon agenda</h2>
      <p>Abonnez l’agenda de votre téléphone ou Outlook à vos réservations : elles s’y mettent à jour toutes seules.</p>
      <PostForm page={page} action="/formateur/calendrier">
        <button type="submit" class="button-secondary">
          Ajouter à mon agenda
        </button>
      </PostForm>
      <h2>Passées</h2>
      {props.past.length === 0 ? (
        <p>Pas encore de réservation passée.</p>
      ) : (
        <ul class="list">
          {props.past.map((item) => (
            <BookingItem key={item.booking.id} item={item} dates={dates} now={now} showStatus />
          ))}
        </ul>
      )}
    </Layout>
  );
}

export function TrainerCalendarPage({ page, webcal, https }: { page: PageContext; webcal: string; https: string }) {
  return (
    <Layout page={page} title="Mon agenda">
      <h1>Mes réservations dans mon agenda</h1>
      <p class="lead">Touchez le bouton : votre téléphone ou Outlook propose de s’abonner. Vos réservations s’y mettent à jour toutes seules.</p>
      <p class="actions">
        <a class="button" href={webcal}>
          S’abonner dans mon agenda
        </a>
      </p>
      <p>Sinon, copiez cette adresse dans votre application d’agenda (« ajouter un calendrier depuis une adresse ») :</p>
      <p class="code">{https}</p>
      <p class="warning">
        Gardez cette adresse pour vous : elle montre vos réservations à qui la connaît. Elle n’est affichée qu’une fois ; si vous la perdez ou la donnez par erreur, créez-en
        une nouvelle ici, l’ancienne cessera de marcher. Ne rechargez pas cette page : cela créerait une nouvelle adresse.
      </p>
      <p>
        <a href="/formateur/reservations">Retour à mes réservations</a>
      </p>
    </Layout>
  );
}
