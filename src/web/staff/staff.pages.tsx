import type { ParticipantDetail, ParticipantListItem } from '../../participants/participants.service.js';
import { Icon, PostForm } from '../shell/components.js';
import type { FrenchDates } from '../shell/french.js';
import { Layout } from '../shell/layout.js';
import type { PageContext } from '../shell/web-request.js';

const AUDIENCE_LABEL: Record<ParticipantDetail['audience'], string> = {
  insertion: 'Insertion professionnelle',
  dropout: 'Décrochage scolaire',
  pupil: 'Élève',
  other: 'Autre',
};

const ENROLMENT_STATUS: Record<ParticipantDetail['enrollments'][number]['status'], string> = {
  active: 'en cours',
  paused: 'en pause',
  completed: 'terminé',
  withdrawn: 'arrêté',
};

export function StaffHomePage({ page }: { page: PageContext }) {
  const trainer = page.user?.role === 'trainer';
  return (
    <Layout page={page} title="Accueil">
      <h1>Bonjour {page.user?.displayName}</h1>
      <p class="lead">Ce qui est déjà disponible ici :</p>
      <ul class="list">
        <li>
          <a href="/equipe/participants">{trainer ? 'Les jeunes de votre structure' : 'Les participants'}</a> : rechercher une personne, voir son parcours
          {trainer ? '.' : ', lui donner l’accès à son espace (QR code).'}
        </li>
        <li>
          <a href="/signaler">Signaler une panne</a> sur une machine.
        </li>
        <li>
          <a href="/notifications">Vos notifications</a>.
        </li>
      </ul>
      <p class="muted">Les autres outils (journée au fablab, réservations des groupes, machines) restent pour l’instant dans l’API.</p>
    </Layout>
  );
}

export function ParticipantsPage({ page, items, total, search, number, pageSize }: { page: PageContext; items: ParticipantListItem[]; total: number; search: string; number: number; pageSize: number }) {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const query = (n: number) => `/equipe/participants?${new URLSearchParams({ ...(search ? { q: search } : {}), page: String(n) }).toString()}`;
  return (
    <Layout page={page} title="Participants">
      <h1>{page.user?.role === 'trainer' ? 'Mes jeunes' : 'Participants'}</h1>
      <form method="get" action="/equipe/participants" role="search">
        <div class="field">
          <label for="q">Rechercher par prénom ou nom</label>
          <input type="search" id="q" name="q" value={search} autocomplete="off" />
        </div>
        <button type="submit" class="button-secondary">
          Rechercher
        </button>
      </form>
      <p role="status">
        {total} personne{total > 1 ? 's' : ''}
        {search ? ` pour « ${search} »` : ''}.
      </p>
      <ul class="list">
        {items.map((p) => (
          <li key={p.id}>
            <a href={`/equipe/participants/${p.id}`}>
              <strong>
                {p.firstName} {p.lastName}
              </strong>
            </a>{' '}
            · {AUDIENCE_LABEL[p.audience]}
            <br />
            <span class="muted">
              {p.enrollments.length === 0 ? 'Aucun parcours' : p.enrollments.map((e) => `${e.path.title} (${ENROLMENT_STATUS[e.status]}, ${e.progressPct} %)`).join(' · ')}
            </span>
          </li>
        ))}
      </ul>
      {pages > 1 ? (
        <nav class="pagination" aria-label="Pages de la liste">
          {number > 1 ? <a href={query(number - 1)}>Page précédente</a> : null}
          <span>
            Page {number} sur {pages}
          </span>
          {number < pages ? <a href={query(number + 1)}>Page suivante</a> : null}
        </nav>
      ) : null}
    </Layout>
  );
}

export function ParticipantPage({ page, person, dates }: { page: PageContext; person: ParticipantDetail; dates: FrenchDates }) {
  const mayGiveAccess = page.user?.role === 'facilitator' || page.user?.role === 'admin';
  return (
    // The page title never names the person: it shows in tabs, history and shared screens.
    <Layout page={page} title="Fiche participant">
      <h1>
        {person.firstName} {person.lastName}
      </h1>
      <p>
        {AUDIENCE_LABEL[person.audience]} · année de naissance : {person.birthYear}
      </p>
      <h2>Parcours</h2>
      {person.enrollments.length === 0 ? <p>Aucun parcours pour l’instant.</p> : null}
      <ul class="list">
        {person.enrollments.map((e) => (
          <li key={e.id}>
            <strong>{e.path.title}</strong> · {ENROLMENT_STATUS[e.status]} · commencé le {dates.date(e.enrolledAt)}
            <br />
            <progress max={100} value={e.progressPct} aria-label={`Avancement du parcours ${e.path.title}`}>
              {e.progressPct} %
            </progress>{' '}
            {e.progressPct} %{e.nextStep ? ` · prochaine étape : ${e.nextStep.title}` : ''}
          </li>
        ))}
      </ul>
      <h2>Accès à son espace</h2>
      {person.account?.activated ? (
        <p>
          <Icon name="check" /> Compte activé{person.account.username ? ` (identifiant : ${person.account.username})` : ''}.
        </p>
      ) : (
        <p>Pas encore de compte activé.</p>
      )}
      {mayGiveAccess ? (
        <PostForm page={page} action={`/equipe/participants/${person.id}/acces`}>
          <p class="hint">
            Un code à usage unique, valable 14 jours, s’affiche avec son QR code. Le jeune le scanne avec son téléphone et choisit son identifiant et son mot de passe.
            {person.account?.activated ? ' Pour un mot de passe oublié : le nouveau code remplace l’ancien mot de passe.' : ''}
          </p>
          <button type="submit">Donner l’accès</button>
        </PostForm>
      ) : null}
    </Layout>
  );
}

export function AccessPage(props: { page: PageContext; person: ParticipantDetail; code: string; url: string; qrSvg: string; expiresAt: string; dates: FrenchDates }) {
  const { page, person } = props;
  return (
    <Layout page={page} title="Donner l’accès">
      <h1>
        Accès de {person.firstName} {person.lastName}
      </h1>
      <p class="lead">Faites scanner ce QR code avec l’appareil photo de son téléphone : il ouvre la page où le jeune choisit son identifiant et son mot de passe.</p>
      <div class="qr" role="img" aria-label="QR code du lien d’activation" dangerouslySetInnerHTML={{ __html: props.qrSvg }} />
      <p>Sans QR code : sur la page « Créer mon compte » (lien « Crée ton compte avec ton code » de la page de connexion), taper ce code :</p>
      <p class="code" id="code-activation">
        {props.code}
      </p>
      <p class="muted">Valable jusqu’au {props.dates.date(props.expiresAt)}, une seule fois. Il ne sera plus affiché : si besoin, redonnez l’accès pour en créer un nouveau.</p>
      <p>
        <a href={`/equipe/participants/${person.id}`}>Retour à la fiche</a>
      </p>
    </Layout>
  );
}
