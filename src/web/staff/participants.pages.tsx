import type { ParticipantListItem } from '../../participants/participants.service.js';
import { Checkbox, type Choice, ErrorSummary, type FieldErrors, hasErrors, Icon, Notice, PostForm, Radios, Select, TextInput } from '../shell/components.js';
import { Layout } from '../shell/layout.js';
import type { PageContext } from '../shell/web-request.js';
import type { ParticipantFormValues } from './participant-form.js';
import { AUDIENCE_CHOICES, AUDIENCE_LABEL, ENROLMENT_STATUS_LABEL, GENDER_CHOICES } from './staff-words.js';

/** The list's filters, as they travel in the address (French names: the address is shared). */
export interface ParticipantFilters {
  q: string;
  public: string;
  parcours: string;
  statut: string;
  partenaire: string;
}

export const filterQuery = (filters: ParticipantFilters, pageNumber?: number): string => {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(filters)) if (value) params.set(key, value);
  if (pageNumber && pageNumber > 1) params.set('page', String(pageNumber));
  const query = params.toString();
  return `/equipe/participants${query ? `?${query}` : ''}`;
};

export function ParticipantsPage(props: {
  page: PageContext;
  items: ParticipantListItem[];
  total: number;
  filters: ParticipantFilters;
  errors: FieldErrors;
  number: number;
  pageSize: number;
  paths: Choice[];
  partners: Choice[];
  partnerNames: Map<string, string>;
  notice?: string | null;
}) {
  const { page, items, total, filters, errors, number, pageSize } = props;
  const trainer = page.user?.role === 'trainer';
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const filtered = Object.values(filters).some(Boolean);
  // The filters stay folded until one is used (a phone's first screen keeps the search and the list).
  const narrowed = Boolean(filters.public || filters.parcours || filters.statut || filters.partenaire || Object.keys(errors).length);
  return (
    <Layout page={page} title={trainer ? 'Mes jeunes' : 'Participants'}>
      <h1>{trainer ? 'Mes jeunes' : 'Participants'}</h1>
      <Notice message={props.notice ?? null} />
      {trainer ? (
        <p class="lead">Les jeunes envoyés par votre structure, et ceux inscrits à vos séances.</p>
      ) : (
        <p>
          <a class="button" href="/equipe/participants/nouveau">
            Inscrire un jeune
          </a>
        </p>
      )}
      <ErrorSummary errors={errors} />
      <form method="get" action="/equipe/participants" role="search" class="filters" aria-label="Rechercher et filtrer">
        <TextInput name="q" label="Rechercher par prénom ou nom" type="search" value={filters.q} autocomplete="off" error={errors.q} />
        <details class="filters-more" open={narrowed}>
          <summary>Filtrer par public, parcours, statut{trainer ? '' : ', structure'}</summary>
          <div class="filter-row">
            <Select name="public" label="Public" placeholder="Tous" value={filters.public} choices={AUDIENCE_CHOICES.map(({ value, label }) => ({ value, label }))} error={errors.public} />
            <Select name="parcours" label="Parcours" placeholder="Tous" value={filters.parcours} choices={props.paths} error={errors.parcours} />
            <Select
              name="statut"
              label="Statut du parcours"
              placeholder="Tous"
              value={filters.statut}
              choices={Object.entries(ENROLMENT_STATUS_LABEL).map(([value, label]) => ({ value, label: label[0].toUpperCase() + label.slice(1) }))}
              error={errors.statut}
            />
            {trainer ? null : (
              <Select name="partenaire" label="Envoyé par" placeholder="Toutes les structures" value={filters.partenaire} choices={props.partners} error={errors.partenaire} />
            )}
          </div>
        </details>
        <div class="actions">
          <button type="submit" class="button-secondary">
            Rechercher
          </button>
          {filtered ? <a href="/equipe/participants">Tout effacer</a> : null}
        </div>
      </form>
      <p role="status">
        {total} personne{total > 1 ? 's' : ''}
        {filters.q ? ` pour « ${filters.q} »` : ''}
        {filtered ? ' avec ces critères' : ''}.
      </p>
      <ul class="list">
        {items.map((p) => (
          <li key={p.id}>
            <a href={`/equipe/participants/${p.id}`}>
              <strong>
                {p.firstName} {p.lastName}
              </strong>
            </a>{' '}
            · {AUDIENCE_LABEL[p.audience]} · né·e en {p.birthYear}
            {p.referredByPartnerId && props.partnerNames.has(p.referredByPartnerId) ? ` · ${props.partnerNames.get(p.referredByPartnerId)}` : ''}
            <br />
            <span class="muted">
              {p.enrollments.length === 0
                ? 'Aucun parcours'
                : p.enrollments.map((e) => `${e.path.title} (${ENROLMENT_STATUS_LABEL[e.status]}, ${e.progressPct} %)`).join(' · ')}
            </span>
          </li>
        ))}
      </ul>
      {pages > 1 ? (
        <nav class="pagination" aria-label="Pages de la liste">
          {number > 1 ? <a href={filterQuery(filters, number - 1)}>Page précédente</a> : null}
          <span>
            Page {number} sur {pages}
          </span>
          {number < pages ? <a href={filterQuery(filters, number + 1)}>Page suivante</a> : null}
        </nav>
      ) : null}
    </Layout>
  );
}

/** A person with the same first name, last name and birth year: offered instead of a twin. */
export interface Duplicate {
  id: string;
  name: string;
  birthYear: number;
}

/**
 * Enrolment of a young person: one page, the fields in the order a facilitator asks them, the
 * guardian's part always there (no script) and required only under 15, then the path to start.
 */
export function NewParticipantPage(props: {
  page: PageContext;
  values: ParticipantFormValues;
  errors: FieldErrors;
  duplicate: Duplicate | null;
  partners: Choice[];
  paths: Choice[];
  year: number;
}) {
  const { page, values, errors, duplicate } = props;
  const failed = hasErrors(errors) || duplicate !== null;
  return (
    <Layout page={page} title={failed ? 'Erreur – Inscrire un jeune' : 'Inscrire un jeune'}>
      <h1>Inscrire un jeune</h1>
      {duplicate ? (
        <div class="warning" role="alert" id="doublon">
          <h2 class="warning-title">Cette personne est peut-être déjà inscrite</h2>
          <p>
            C’est peut-être{' '}
            <strong>
              {duplicate.name}, né·e en {duplicate.birthYear}
            </strong>{' '}
            ? Rien n’a été enregistré.
          </p>
          <p>
            <a class="button" href={`/equipe/participants/${duplicate.id}`}>
              Ouvrir sa fiche
            </a>
          </p>
          <p class="muted">Si c’est quelqu’un d’autre avec le même nom et la même année, ajoutez une initiale au prénom pour les distinguer.</p>
        </div>
      ) : null}
      <ErrorSummary errors={errors} />
      <PostForm page={page} action="/equipe/participants/nouveau" class="enrol-form">
        <h2>La personne</h2>
        <div class="grid grid-2">
          <TextInput name="firstName" label="Prénom" value={values.firstName} autocomplete="off" autocapitalize="words" spellcheck={false} maxLength={80} error={errors.firstName} />
          <TextInput name="lastName" label="Nom" value={values.lastName} autocomplete="off" autocapitalize="words" spellcheck={false} maxLength={80} error={errors.lastName} />
        </div>
        <TextInput
          name="birthYear"
          label="Année de naissance"
          hint={`Sur 4 chiffres. Moins de 15 ans (né·e en ${props.year - 14} ou après) : un responsable légal doit donner son accord.`}
          value={values.birthYear}
          inputMode="numeric"
          maxLength={4}
          autocomplete="off"
          error={errors.birthYear}
        />
        <div class="radios-inline">
          <Radios name="gender" legend="Genre" value={values.gender} choices={GENDER_CHOICES} error={errors.gender} />
        </div>
        <Radios name="audience" legend="Public" value={values.audience} choices={AUDIENCE_CHOICES} error={errors.audience} />
        <div class="radios-inline">
        <Radios
          name="livesInQpv"
          legend="Habite dans un quartier prioritaire (QPV) ?"
          hint="Quartier prioritaire de la politique de la ville : comptés à part pour les financeurs."
          value={values.livesInQpv}
          choices={[
            { value: 'oui', label: 'Oui' },
            { value: 'non', label: 'Non' },
          ]}
          error={errors.livesInQpv}
        />
        </div>
        <TextInput name="postcode" label="Code postal (facultatif)" value={values.postcode} inputMode="numeric" maxLength={10} autocomplete="off" error={errors.postcode} />
        <Select
          name="referredByPartnerId"
          label="Envoyé par (facultatif)"
          hint="La structure partenaire qui a orienté la personne vers le fablab."
          placeholder="Personne, venu de lui-même"
          value={values.referredByPartnerId}
          choices={props.partners}
          error={errors.referredByPartnerId}
        />
        <h2>Pour la joindre (facultatif)</h2>
        <div class="grid grid-2">
          <TextInput name="phone" label="Téléphone" type="tel" value={values.phone} autocomplete="off" maxLength={32} error={errors.phone} />
          <TextInput name="email" label="Adresse e-mail" type="email" value={values.email} autocomplete="off" spellcheck={false} maxLength={254} error={errors.email} />
        </div>
        <fieldset class="card guardian" aria-describedby="guardian-hint">
          <legend>Responsable légal — seulement si moins de 15 ans</legend>
          <p class="hint" id="guardian-hint">
            À remplir seulement pour un jeune de moins de 15 ans cette année (né·e en {props.year - 14} ou après). Pour les autres, laissez vide.
          </p>
          <TextInput name="guardianName" label="Nom du responsable légal" value={values.guardianName} autocomplete="off" maxLength={160} error={errors.guardianName} />
          <div class="grid grid-2">
            <TextInput name="guardianPhone" label="Téléphone du responsable" type="tel" value={values.guardianPhone} autocomplete="off" maxLength={32} error={errors.guardianPhone} />
            <TextInput name="guardianEmail" label="E-mail du responsable" type="email" value={values.guardianEmail} autocomplete="off" spellcheck={false} maxLength={254} error={errors.guardianEmail} />
          </div>
          <CheckboxField name="parentalConsent" label="Le responsable légal est d’accord pour l’inscription" checked={values.parentalConsent} error={errors.parentalConsent} />
        </fieldset>
        <h2>Accords</h2>
        <CheckboxField
          name="dataProcessing"
          label="La personne accepte que le fablab enregistre ces informations"
          hint="Obligatoire. Elles servent à suivre son parcours et, sans nom, à compter les jeunes accueillis."
          checked={values.dataProcessing}
          error={errors.dataProcessing}
        />
        <Checkbox name="imageRights" label="Accepte d’être prise en photo (droit à l’image)" checked={values.imageRights} />
        <h2>Parcours</h2>
        <Radios
          name="pathCode"
          legend="Parcours à commencer aujourd’hui"
          value={values.pathCode || ''}
          choices={[...props.paths, { value: '', label: 'Pas maintenant' }]}
          error={errors.pathCode}
        />
        <div class="actions">
          <button type="submit">
            <Icon name="check" /> Inscrire
          </button>
          <a href="/equipe/participants">Annuler</a>
        </div>
      </PostForm>
    </Layout>
  );
}

/** A checkbox that can carry an error (the shell's Checkbox has none). */
function CheckboxField({ name, label, hint, checked, error }: { name: string; label: string; hint?: string; checked: boolean; error?: string }) {
  const described = [hint ? `${name}-hint` : null, error ? `${name}-error` : null].filter(Boolean).join(' ') || undefined;
  return (
    <div class={error ? 'field field-error' : 'field'}>
      {error ? (
        <p class="error-message" id={`${name}-error`}>
          <span class="visually-hidden">Erreur : </span>
          {error}
        </p>
      ) : null}
      <div class="checkbox">
        <input type="checkbox" id={name} name={name} value="on" checked={checked} aria-describedby={described} aria-invalid={error ? 'true' : undefined} />
        <label for={name}>{label}</label>
        {hint ? (
          <p class="hint" id={`${name}-hint`}>
            {hint}
          </p>
        ) : null}
      </div>
    </div>
  );
}
