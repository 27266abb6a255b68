import type { Partner as PartnerView } from '../../partners/partner.entity.js';
import type { OpeningHoursView } from '../../settings/opening-hours-view.js';
import { MAX_RANGES_PER_DAY } from '../../settings/opening-hours-rules.js';
import { WEEKDAYS, type Weekday } from '../../settings/opening-hours.js';
import type { User } from '../../users/user.entity.js';
import { type Choice, Csrf, ErrorSummary, type FieldErrors, Notice, PostForm, Radios, Select, TextInput } from '../shell/components.js';
import type { FrenchDates } from '../shell/french-dates.service.js';
import { Layout } from '../shell/layout.js';
import type { PageContext } from '../shell/web-request.js';

export const DAY_LABEL: Record<Weekday, string> = { mon: 'Lundi', tue: 'Mardi', wed: 'Mercredi', thu: 'Jeudi', fri: 'Vendredi', sat: 'Samedi', sun: 'Dimanche' };
/** The most opening ranges a day takes (the API's limit): the grid never offers more rows. */
export const RANGES_PER_DAY = MAX_RANGES_PER_DAY;

/**
 * The rows a day shows: each one filled in, then one empty to add a range (no script to add
 * rows), at least two (a morning and an afternoon), at most the API's limit.
 */
export function rowsOf(grid: Record<string, string>, day: string): number {
  let last = -1;
  for (let i = 0; i < RANGES_PER_DAY; i++) if (grid[`${day}-${i}-start`] || grid[`${day}-${i}-end`]) last = i;
  return Math.min(RANGES_PER_DAY, Math.max(2, last + 2));
}

export const ROLE_LABEL: Record<string, string> = { admin: 'Responsable (admin)', facilitator: 'Animateur ou animatrice', trainer: 'Formateur ou formatrice d’un partenaire', learner: 'Jeune' };
export const PARTNER_KIND_LABEL: Record<string, string> = {
  training: 'Organisme de formation',
  insertion: 'Insertion, emploi',
  school: 'École, collège, lycée',
  association: 'Association',
  public: 'Service public',
};

const ROLE_CHOICES: Choice[] = [
  { value: 'facilitator', label: ROLE_LABEL.facilitator },
  { value: 'trainer', label: ROLE_LABEL.trainer, hint: 'Choisissez son organisation ci-dessous.' },
  { value: 'admin', label: ROLE_LABEL.admin },
];

function Back() {
  return (
    <p class="muted no-margin">
      <a href="/gestion">Gestion</a>
    </p>
  );
}

export function AdminHomePage({ page }: { page: PageContext }) {
  return (
    <Layout page={page} title="Gestion">
      <h1>Gestion du fablab</h1>
      <ul class="list">
        <li>
          <a href="/gestion/comptes">Comptes de l’équipe et des partenaires</a> — créer, désactiver, redonner un accès
        </li>
        <li>
          <a href="/gestion/partenaires">Partenaires</a> — les organisations qui envoient des jeunes
        </li>
        <li>
          <a href="/gestion/horaires">Horaires et fermetures</a> — la semaine type, les jours fermés et pourquoi
        </li>
        <li>
          <a href="/gestion/objectifs">Objectifs annuels</a> — combien de jeunes toucher chaque année
        </li>
      </ul>
    </Layout>
  );
}

export interface UserFormValues {
  displayName: string;
  username: string;
  email: string;
  role: string;
  partnerId: string;
}

export function UsersPage({
  page,
  users,
  partners,
  values,
  errors,
  notice,
  issued,
  dates,
}: {
  page: PageContext;
  users: User[];
  partners: PartnerView[];
  values: UserFormValues;
  errors: FieldErrors;
  notice: string | null;
  issued: { who: string; login: string; password: string } | null;
  dates: FrenchDates;
}) {
  const partnerName = new Map(partners.map((p) => [p.id, p.name]));
  return (
    <Layout page={page} title={Object.keys(errors).length ? 'Erreur – Comptes' : 'Comptes'}>
      <Back />
      <h1>Comptes</h1>
      <Notice message={notice} />
      {issued ? (
        <div class="card card-highlight" role="status">
          <h2>Mot de passe provisoire de {issued.who}</h2>
          <p>
            Identifiant : <strong>{issued.login}</strong>
          </p>
          <p>
            Mot de passe : <span class="code">{issued.password}</span>
          </p>
          <p>Donnez-le à la personne de vive voix : il ne sera plus affiché. Elle le changera dans « Mon compte ».</p>
        </div>
      ) : null}
      <p class="muted">Les comptes des jeunes se créent depuis leur fiche (« Donner l’accès »).</p>
      <ul class="list">
        {users.map((user) => (
          <li key={user.id}>
            <p class="step-title">
              {user.displayName} {user.active ? null : <span class="status status-todo">(désactivé)</span>}
            </p>
            <p class="no-margin muted">
              {ROLE_LABEL[user.role]}
              {user.partnerId ? ` · ${partnerName.get(user.partnerId) ?? ''}` : ''} · {user.username ?? user.email}
              {user.lastLoginAt ? ` · dernière connexion le ${dates.date(user.lastLoginAt)}` : ' · jamais connecté'}
            </p>
            {user.id !== page.user?.id ? (
              <div class="actions">
                {user.active ? (
                  <>
                    <form method="post" action={`/gestion/comptes/${user.id}/acces`} class="inline">
                      <Csrf page={page} />
                      <button type="submit" class="button-secondary">
                        Nouveau mot de passe<span class="visually-hidden"> pour {user.displayName}</span>
                      </button>
                    </form>
                    <form method="post" action={`/gestion/comptes/${user.id}/desactiver`} class="inline">
                      <Csrf page={page} />
                      <button type="submit" class="button-secondary">
                        Désactiver<span class="visually-hidden"> {user.displayName}</span>
                      </button>
                    </form>
                  </>
                ) : (
                  <form method="post" action={`/gestion/comptes/${user.id}/reactiver`} class="inline">
                    <Csrf page={page} />
                    <button type="submit" class="button-secondary">
                      Réactiver<span class="visually-hidden"> {user.displayName}</span>
                    </button>
                  </form>
                )}
              </div>
            ) : null}
          </li>
        ))}
      </ul>
      <h2 id="nouveau">Créer un compte</h2>
      <ErrorSummary errors={errors} />
      <PostForm page={page} action="/gestion/comptes">
        <TextInput name="displayName" label="Nom affiché" hint="Prénom et nom, comme l’équipe l’appelle." value={values.displayName} autocomplete="off" maxLength={120} error={errors.displayName} />
        <TextInput name="username" label="Identifiant" hint="3 à 64 caractères : lettres minuscules sans accent, chiffres, point, tiret." value={values.username} autocomplete="off" spellcheck={false} autocapitalize="none" error={errors.username} />
        <TextInput name="email" label="Adresse e-mail (facultatif)" type="email" value={values.email} autocomplete="off" spellcheck={false} error={errors.email} />
        <Radios name="role" legend="Son rôle" value={values.role} choices={ROLE_CHOICES} error={errors.role} />
        <Select
          name="partnerId"
          label="Organisation (formateurs et formatrices seulement)"
          placeholder="Aucune"
          value={values.partnerId}
          choices={partners.filter((p) => p.active).map((p) => ({ value: p.id, label: p.name }))}
          error={errors.partnerId}
        />
        <p class="hint">Un mot de passe provisoire est créé et affiché une seule fois.</p>
        <div class="actions">
          <button type="submit">Créer le compte</button>
        </div>
      </PostForm>
    </Layout>
  );
}

export function PartnersPage({
  page,
  partners,
  values,
  errors,
  notice,
}: {
  page: PageContext;
  partners: PartnerView[];
  values: { name: string; kind: string };
  errors: FieldErrors;
  notice: string | null;
}) {
  const kinds = Object.entries(PARTNER_KIND_LABEL).map(([value, label]) => ({ value, label }));
  return (
    <Layout page={page} title={Object.keys(errors).length ? 'Erreur – Partenaires' : 'Partenaires'}>
      <Back />
      <h1>Partenaires</h1>
      <Notice message={notice} />
      <ul class="list">
        {partners.map((p) => (
          <li key={p.id}>
            <p class="step-title">
              {p.name} {p.active ? null : <span class="status status-todo">(inactif)</span>}
            </p>
            <p class="no-margin muted">{PARTNER_KIND_LABEL[p.kind]}</p>
            <form method="post" action={`/gestion/partenaires/${p.id}/${p.active ? 'desactiver' : 'reactiver'}`} class="actions">
              <Csrf page={page} />
              <button type="submit" class="button-secondary">
                {p.active ? 'Marquer inactif' : 'Réactiver'}
                <span class="visually-hidden"> {p.name}</span>
              </button>
            </form>
          </li>
        ))}
      </ul>
      <h2>Ajouter un partenaire</h2>
      <ErrorSummary errors={errors} />
      <PostForm page={page} action="/gestion/partenaires">
        <TextInput name="name" label="Nom de l’organisation" value={values.name} maxLength={160} error={errors.name} />
        <Radios name="kind" legend="Genre d’organisation" value={values.kind} choices={kinds} error={errors.kind} />
        <div class="actions">
          <button type="submit">Ajouter le partenaire</button>
        </div>
      </PostForm>
    </Layout>
  );
}

/** The weekly grid as a plain form: each day's ranges as pairs of times, blank for closed. */
export function OpeningHoursPage({
  page,
  hours,
  grid,
  closure,
  errors,
  closureErrors,
  notice,
  dates,
}: {
  page: PageContext;
  hours: OpeningHoursView;
  grid: Record<string, string>;
  closure: { from: string; to: string; reason: string };
  errors: FieldErrors;
  closureErrors: FieldErrors;
  notice: string | null;
  dates: FrenchDates;
}) {
  return (
    <Layout page={page} title={Object.keys(errors).length + Object.keys(closureErrors).length ? 'Erreur – Horaires' : 'Horaires et fermetures'}>
      <Back />
      <h1>Horaires et fermetures</h1>
      <Notice message={notice} />
      <h2>La semaine type</h2>
      <ErrorSummary errors={errors} />
      <PostForm page={page} action="/gestion/horaires">
        <p class="hint">Heures au format 9:00 ou 13:30, à l’heure de {hours.timezone}. Laissez vide une plage qui ne sert pas ; un jour sans plage est fermé. Une ligne vide reste toujours là pour ajouter une plage (8 par jour au plus).</p>
        {WEEKDAYS.map((day) => (
          <fieldset class="field day-grid" key={day}>
            <legend>{DAY_LABEL[day]}</legend>
            {Array.from({ length: rowsOf(grid, day) }, (_, i) => {
              const id = `${day}-${i}`;
              const error = errors[id];
              return (
                <div class={error ? 'range field-error' : 'range'} key={id}>
                  {error ? (
                    <p class="error-message" id={`${id}-error`}>
                      <span class="visually-hidden">Erreur : </span>
                      {error}
                    </p>
                  ) : null}
                  <label for={id}>
                    Plage {i + 1}, de<span class="visually-hidden"> ({DAY_LABEL[day]})</span>
                  </label>
                  <input id={id} name={`${id}-start`} type="text" inputMode="numeric" value={grid[`${id}-start`] ?? ''} size={5} aria-describedby={error ? `${id}-error` : undefined} aria-invalid={error ? 'true' : undefined} />
                  <label for={`${id}-end`}>
                    à<span class="visually-hidden"> ({DAY_LABEL[day]}, plage {i + 1})</span>
                  </label>
                  <input id={`${id}-end`} name={`${id}-end`} type="text" inputMode="numeric" value={grid[`${id}-end`] ?? ''} size={5} aria-invalid={error ? 'true' : undefined} />
                </div>
              );
            })}
          </fieldset>
        ))}
        <div class="actions">
          <button type="submit">Enregistrer la semaine type</button>
        </div>
      </PostForm>

      <h2>Fermetures</h2>
      {hours.closures.length === 0 ? <p class="muted">Aucune fermeture prévue.</p> : null}
      <ul class="list">
        {hours.closures.map((c, index) => (
          <li key={`${c.from}-${c.to}`}>
            <strong>{closureWords(c, dates)}</strong> · {c.reason ?? 'sans raison donnée'}
            <form method="post" action={`/gestion/horaires/fermetures/${index}/supprimer`} class="actions">
              <Csrf page={page} />
              <input type="hidden" name="from" value={c.from} />
              <button type="submit" class="button-secondary">
                Supprimer<span class="visually-hidden"> la fermeture {closureWords(c, dates)}</span>
              </button>
            </form>
          </li>
        ))}
      </ul>
      <h3 id="fermeture">Ajouter une fermeture</h3>
      <ErrorSummary errors={closureErrors} />
      <PostForm page={page} action="/gestion/horaires/fermetures">
        <TextInput name="from" label="Premier jour fermé" type="date" value={closure.from} error={closureErrors.from} />
        <TextInput name="to" label="Dernier jour fermé (inclus)" type="date" value={closure.to} error={closureErrors.to} />
        <TextInput name="reason" label="Pourquoi ?" hint="Les formateurs le verront en réservant. Par exemple : vacances de Noël." value={closure.reason} maxLength={200} error={closureErrors.reason} />
        <div class="actions">
          <button type="submit">Ajouter la fermeture</button>
        </div>
      </PostForm>
    </Layout>
  );
}

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

export function closureWords(c: { from: string; to: string }, dates: FrenchDates): string {
  const day = (value: string) => (DATE_ONLY.test(value) ? dates.date(`${value}T12:00:00Z`) : dates.moment(value));
  return c.from === c.to ? `le ${day(c.from)}` : `du ${day(c.from)} au ${day(c.to)}`;
}

export function TargetsPage({
  page,
  years,
  errors,
  values,
  notice,
}: {
  page: PageContext;
  years: { year: number; target: number }[];
  errors: FieldErrors;
  values: Record<string, string>;
  notice: string | null;
}) {
  return (
    <Layout page={page} title={Object.keys(errors).length ? 'Erreur – Objectifs annuels' : 'Objectifs annuels'}>
      <Back />
      <h1>Objectifs annuels</h1>
      <Notice message={notice} />
      <p>Le nombre de jeunes à toucher dans l’année (500 si rien n’est fixé). La page « Objectif » mesure le rythme par rapport à ce nombre.</p>
      <ErrorSummary errors={errors} />
      {years.map(({ year, target }) => (
        <PostForm page={page} action={`/gestion/objectifs/${year}`} class="card" key={year}>
          <TextInput name={`target-${year}`} label={`Objectif ${year}`} inputMode="numeric" value={values[`target-${year}`] ?? String(target)} error={errors[`target-${year}`]} />
          <button type="submit">
            Enregistrer<span class="visually-hidden"> l’objectif {year}</span>
          </button>
        </PostForm>
      ))}
    </Layout>
  );
}
