import type { Machine } from '../../machines/machine.entity.js';
import type { DueItemView } from '../../maintenance/maintenance-views.js';
import { Checkbox, Csrf, ErrorSummary, type FieldErrors, Icon, PostForm, Select, TextInput } from '../shell/components.js';
import { CATEGORY_LABEL } from '../shell/labels.js';
import type { FrenchDates } from '../shell/french-dates.service.js';
import { Layout } from '../shell/layout.js';
import type { PageContext } from '../shell/web-request.js';
import { machinePath, planDueWords } from './machine.pages.js';

/** The QR labels: on screen a preview and a choice of machines; printed, only the labels. */
export function LabelSheetPage({
  page,
  machines,
  chosen,
  labels,
}: {
  page: PageContext;
  machines: Machine[];
  chosen: Set<string>;
  labels: { machine: Machine; url: string; svg: string }[];
}) {
  return (
    <Layout page={page} title="Étiquettes QR des machines">
      <div class="screen-only">
        <p class="muted no-margin">
          <a href="/atelier">Machines</a>
        </p>
        <h1>Étiquettes QR des machines</h1>
        <p>
          Imprimez cette page sur du papier A4 (ou des étiquettes autocollantes), à 100 %, sans marges ajoutées par le navigateur. Collez chaque étiquette sur sa machine : en la
          scannant, on arrive sur la page de la machine.
        </p>
        <details>
          <summary>Choisir les machines à imprimer</summary>
          <form method="get" action="/atelier/etiquettes">
            <fieldset>
              <legend>Machines</legend>
              {machines.map((m) => (
                <div class="checkbox" key={m.id}>
                  <input type="checkbox" id={`code-${m.code}`} name="code" value={m.code} checked={chosen.has(m.code)} />
                  <label for={`code-${m.code}`}>
                    {m.name} ({m.code})
                  </label>
                </div>
              ))}
            </fieldset>
            <div class="actions">
              <button type="submit">Afficher ces étiquettes</button>
            </div>
          </form>
        </details>
        <p>{labels.length} étiquette{labels.length > 1 ? 's' : ''}, 8 par feuille.</p>
      </div>
      <ul class="label-sheet" aria-label="Étiquettes">
        {labels.map(({ machine, url, svg }) => (
          <li class="machine-label" key={machine.id}>
            {/* The SVG of the `qrcode` package: generated here from the machine's address, not user input. */}
            <div class="label-qr" role="img" aria-label={`QR code vers ${url}`} dangerouslySetInnerHTML={{ __html: svg }} />
            <div class="label-text">
              <p class="label-name">{machine.name}</p>
              <p class="label-code">{machine.code}</p>
              <p class="label-hint">Scanne-moi : est-ce qu’elle marche, réserver, signaler un problème.</p>
              <p class="label-url">{url.replace(/^https?:\/\//, '')}</p>
            </div>
          </li>
        ))}
      </ul>
    </Layout>
  );
}

/** Preventive maintenance due now or soon, most urgent first, each with what to do next. */
export function DueListPage({ page, items, dates }: { page: PageContext; items: DueItemView[]; dates: FrenchDates }) {
  return (
    <Layout page={page} title="Entretiens à faire">
      <p class="muted no-margin">
        <a href="/atelier">Machines</a>
      </p>
      <h1>Entretiens à faire</h1>
      {items.length === 0 ? <p class="lead">Rien à faire : tous les entretiens préventifs sont à jour pour les 7 jours qui viennent.</p> : null}
      <ul class="list">
        {items.map((item) => {
          const path = machinePath(item.machine);
          return (
            <li key={item.planId}>
              <p class="step-title">
                {item.planTitle} · <a href={path}>{item.machine.name}</a> <span class="muted">({item.machine.code})</span>
              </p>
              <p class={`no-margin status ${item.status === 'due' ? 'status-bad' : 'status-wait'}`}>
                <Icon name="clock" />
                {planDueWords({ due: { status: item.status, dueAt: item.dueAt, usageHoursLeft: item.usageHoursLeft } }, dates)}
              </p>
              <p class="no-margin muted">Fait la dernière fois le {dates.date(item.lastCompletedAt)}.</p>
              {item.openWorkOrderId ? (
                <p class="no-margin">
                  <a href={`${path}/ordres/${item.openWorkOrderId}`}>Voir l’ordre de travail déjà ouvert</a>
                </p>
              ) : (
                <form method="post" action={`${path}/plans/${item.planId}/ordre`} class="actions">
                  <Csrf page={page} />
                  <button type="submit" class="button-secondary">
                    Lancer cet entretien
                  </button>
                </form>
              )}
            </li>
          );
        })}
      </ul>
    </Layout>
  );
}

export interface NewMachineValues {
  code: string;
  name: string;
  category: string;
  location: string;
  requiresQualification: boolean;
}

/** A new machine for the catalogue: its code is the one on its label (`/m/<code>`). */
export function NewMachinePage({ page, values, errors }: { page: PageContext; values: NewMachineValues; errors: FieldErrors }) {
  return (
    <Layout page={page} title={Object.keys(errors).length ? 'Erreur – Ajouter une machine' : 'Ajouter une machine'}>
      <p class="muted no-margin">
        <a href="/atelier">Machines</a>
      </p>
      <h1>Ajouter une machine</h1>
      <ErrorSummary errors={errors} />
      <PostForm page={page} action="/atelier">
        <TextInput name="name" label="Nom" hint="Par exemple : Découpeuse laser Trotec Speedy 100." value={values.name} maxLength={120} error={errors.name} />
        <TextInput
          name="code"
          label="Code"
          hint="Court et unique, imprimé sur l’étiquette et dans son adresse (/m/LASER-01). Lettres, chiffres, point, tiret."
          value={values.code}
          maxLength={32}
          spellcheck={false}
          autocapitalize="characters"
          error={errors.code}
        />
        <Select name="category" label="Genre de machine" placeholder="Choisissez" value={values.category} choices={Object.entries(CATEGORY_LABEL).map(([value, label]) => ({ value, label }))} error={errors.category} />
        <TextInput name="location" label="Emplacement (facultatif)" hint="Par exemple : atelier bois." value={values.location} maxLength={120} error={errors.location} />
        <Checkbox name="requiresQualification" label="Il faut une habilitation pour s’en servir seul" checked={values.requiresQualification} hint="Les jeunes l’obtiennent en validant l’étape de leur parcours." />
        <div class="actions">
          <button type="submit">Ajouter la machine</button>
        </div>
      </PostForm>
    </Layout>
  );
}
