import type { PeriodReport, ReportFigures } from '../../stats/period-report.js';
import { AUDIENCE_FR, GENDER_FR, OUTCOME_FR } from '../../stats/participants-export.service.js';
import { ErrorSummary, type FieldErrors } from '../shell/components.js';
import { Layout } from '../shell/layout.js';
import type { PageContext } from '../shell/web-request.js';

export interface ReportPicker {
  /** The first day shown, and the last one (included), as YYYY-MM-DD. */
  du: string;
  au: string;
  /** Ready-made periods: this calendar year, last year, this school year, this quarter. */
  presets: Array<{ label: string; du: string; au: string }>;
}

const AGE_FR: Record<string, string> = { '<15': 'moins de 15 ans', '15-17': '15 à 17 ans', '18-25': '18 à 25 ans', '26+': '26 ans et plus' };
const PATH_FR: Record<string, string> = { EXPERIMENTER: 'Expérimenter', APPRENDRE: 'Apprendre', FABRIQUER: 'Fabriquer', PARTAGER: 'Partager' };

const number = (value: number | null | undefined, digits = 0): string =>
  value === null || value === undefined ? '—' : value.toLocaleString('fr-FR', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const pct = (value: number | null | undefined): string => (value === null || value === undefined ? '—' : `${number(value, 1)} %`);
const euros = (value: number | null | undefined): string => (value === null || value === undefined ? 'non renseigné' : `${number(value, 2)} €`);
const hours = (value: number | null | undefined): string => (value === null || value === undefined ? '—' : `${number(value, 1)} h`);
const yesNo = (value: boolean | null): string => (value === null ? '—' : value ? 'oui' : 'non');

interface Row {
  label: string;
  value: number;
  previous: number;
}

const rowsOf = (current: Record<string, number>, previous: Record<string, number>, labels: Record<string, string> = {}): Row[] =>
  Object.keys(current).map((key) => ({ label: labels[key] ?? key, value: current[key], previous: previous[key] ?? 0 }));

/**
 * Horizontal bars, the period and the year before, drawn as inline SVG (no script, prints as
 * is). The picture is labelled by its title; the table under it says the same in text, for
 * screen readers and for anyone who wants the exact numbers.
 */
function BarChart({ id, title, rows, periods }: { id: string; title: string; rows: Row[]; periods: [string, string] }) {
  const width = 360;
  const lineHeight = 50;
  const top = 8;
  const height = top + rows.length * lineHeight;
  const max = Math.max(1, ...rows.flatMap((r) => [r.value, r.previous]));
  const bar = (value: number) => Math.max(value > 0 ? 2 : 0, (value / max) * (width - 60));
  return (
    <figure class="report-chart" aria-labelledby={`${id}-caption`}>
      <figcaption id={`${id}-caption`}>
        {title} <span class="muted">(barre foncée : la période ; claire : un an plus tôt)</span>
      </figcaption>
      <svg viewBox={`0 0 ${width} ${height}`} width="100%" role="img" aria-labelledby={`${id}-title`} focusable="false">
        <title id={`${id}-title`}>{`${title} : ${rows.map((r) => `${r.label} ${r.value} (un an plus tôt ${r.previous})`).join(', ')}`}</title>
        {rows.map((r, i) => {
          const y = top + i * lineHeight;
          return (
            <g key={r.label}>
              <text x="0" y={y + 12} font-size="13" fill="#1b1b1b">
                {r.label}
              </text>
              <rect x="0" y={y + 17} width={bar(r.value)} height="13" fill="#0b4f6c" />
              <text x={bar(r.value) + 4} y={y + 28} font-size="12" fill="#1b1b1b">
                {number(r.value)}
              </text>
              <rect x="0" y={y + 32} width={bar(r.previous)} height="7" fill="#5f7f91" />
              <text x={bar(r.previous) + 4} y={y + 40} font-size="10" fill="#4a4a4a">
                {number(r.previous)}
              </text>
            </g>
          );
        })}
      </svg>
      <table class="report-table">
        <caption class="visually-hidden">{title}, en chiffres</caption>
        <thead>
          <tr>
            <th scope="col">{title}</th>
            <th scope="col" class="num">
              {periods[0]}
            </th>
            <th scope="col" class="num">
              {periods[1]}
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.label}>
              <th scope="row">{r.label}</th>
              <td class="num">{number(r.value)}</td>
              <td class="num">{number(r.previous)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}

/** Figures in a table: what, this period, the year before. */
function Figures({ caption, lines, periods, report }: { caption: string; lines: Array<[string, (f: ReportFigures) => string]>; periods: [string, string]; report: PeriodReport }) {
  return (
    <table class="report-table">
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">Indicateur</th>
          <th scope="col" class="num">
            {periods[0]}
          </th>
          <th scope="col" class="num">
            {periods[1]}
          </th>
        </tr>
      </thead>
      <tbody>
        {lines.map(([label, show]) => (
          <tr key={label}>
            <th scope="row">{label}</th>
            <td class="num">{show(report)}</td>
            <td class="num">{show(report.previous)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function ReportPage({
  page,
  picker,
  report,
  errors,
  periods,
  xlsxHref,
}: {
  page: PageContext;
  picker: ReportPicker;
  report: PeriodReport | null;
  errors: FieldErrors;
  periods: [string, string];
  xlsxHref: string | null;
}) {
  return (
    <Layout page={page} title="Bilan d’activité">
      <div class="report">
        <h1>Bilan d’activité</h1>
        {report ? (
          <p class="lead">
            {periods[0]}, comparé à la même période un an plus tôt ({periods[1]}).
            {report.scope ? ` Jeunes orientés par ${report.scope.partnerName ?? 'votre structure'}.` : ''}
          </p>
        ) : null}
        <ErrorSummary errors={errors} />
        <form method="get" action="/equipe/bilan" class="report-tools">
          <fieldset>
            <legend>Période</legend>
            <div class="report-dates">
              <div class="field">
                <label for="du">Du</label>
                <input type="date" id="du" name="du" value={picker.du} aria-invalid={errors.du ? 'true' : undefined} aria-describedby={errors.du ? 'du-error' : undefined} />
                {errors.du ? (
                  <p class="error-message" id="du-error">
                    {errors.du}
                  </p>
                ) : null}
              </div>
              <div class="field">
                <label for="au">Au (inclus)</label>
                <input type="date" id="au" name="au" value={picker.au} aria-invalid={errors.au ? 'true' : undefined} aria-describedby={errors.au ? 'au-error' : undefined} />
                {errors.au ? (
                  <p class="error-message" id="au-error">
                    {errors.au}
                  </p>
                ) : null}
              </div>
            </div>
          </fieldset>
          <button type="submit">Afficher le bilan</button>
        </form>
        <nav class="report-tools" aria-label="Périodes toutes prêtes">
          <ul class="report-presets">
            {picker.presets.map((p) => (
              <li key={p.label}>
                <a href={`/equipe/bilan?du=${p.du}&au=${p.au}`}>{p.label}</a>
              </li>
            ))}
          </ul>
        </nav>
        {report && xlsxHref ? <ReportBody report={report} periods={periods} xlsxHref={xlsxHref} /> : null}
      </div>
    </Layout>
  );
}

function ReportBody({ report, periods, xlsxHref }: { report: PeriodReport; periods: [string, string]; xlsxHref: string }) {
  const f = report;
  const p = report.previous;
  return (
    <>
      <p class="report-tools">
        <a class="button button-secondary" href={xlsxHref} download>
          Télécharger le tableur (.xlsx)
        </a>{' '}
        <span class="muted">Pour imprimer : la commande Imprimer du navigateur met le bilan en pages A4.</span>
      </p>

      <section aria-labelledby="chiffres-cles">
        <h2 id="chiffres-cles">Chiffres clés</h2>
        <Figures
          caption="Les chiffres que demandent les financeurs"
          periods={periods}
          report={report}
          lines={[
            ['Jeunes touchés', (x) => number(x.reached)],
            ['dont nouveaux', (x) => number(x.newcomers)],
            [`Part des jeunes en QPV (exigé : ${f.qpvThresholdPct} %)`, (x) => pct(x.qpvSharePct)],
            ['Part QPV exigée atteinte', (x) => yesNo(x.meetsQpvThreshold)],
            ['Taux de sorties positives', (x) => pct(x.positiveExitRatePct)],
            ['Parcours finis sans sortie renseignée', (x) => number(x.outcomeMissing)],
            ...(f.scope === null
              ? ([
                  ['Budget de la période', (x: ReportFigures) => euros(x.budget)],
                  ['Coût par jeune touché', (x: ReportFigures) => euros(x.costPerYoungPerson)],
                ] as Array<[string, (x: ReportFigures) => string]>)
              : []),
          ]}
        />
      </section>

      <section aria-labelledby="public">
        <h2 id="public">Le public</h2>
        <div class="report-grid">
          <BarChart id="publics" title="Publics" periods={periods} rows={rowsOf(f.public.byAudience, p.public.byAudience, AUDIENCE_FR)} />
          <BarChart id="genres" title="Genre" periods={periods} rows={rowsOf(f.public.byGender, p.public.byGender, GENDER_FR)} />
          <BarChart id="ages" title="Âge" periods={periods} rows={rowsOf(f.public.byAgeBand, p.public.byAgeBand, AGE_FR)} />
          <BarChart
            id="qpv"
            title="Lieu de résidence"
            periods={periods}
            rows={rowsOf(f.public.byQpv, p.public.byQpv, { qpv: 'en quartier prioritaire (QPV)', other: 'hors QPV' })}
          />
          <BarChart id="parcours" title="Parcours suivis" periods={periods} rows={rowsOf(f.public.byPath, p.public.byPath, PATH_FR)} />
        </div>
        <ListTable
          title="Partenaire orienteur"
          periods={periods}
          current={f.public.byPartner.map((r) => [r.partnerId ?? '', r.name ?? 'aucun', r.count])}
          previous={p.public.byPartner.map((r) => [r.partnerId ?? '', r.name ?? 'aucun', r.count])}
        />
        <ListTable
          title="Code postal"
          periods={periods}
          current={f.public.byPostcode.map((r) => [r.postcode ?? '', r.postcode ?? 'non renseigné', r.count])}
          previous={p.public.byPostcode.map((r) => [r.postcode ?? '', r.postcode ?? 'non renseigné', r.count])}
        />
      </section>

      <section aria-labelledby="activite">
        <h2 id="activite">L’activité</h2>
        <Figures
          caption="Parcours, étapes, habilitations et temps passé au fablab"
          periods={periods}
          report={report}
          lines={[
            ['Parcours commencés', (x) => number(x.activity.enrolmentsStarted)],
            ['Parcours terminés', (x) => number(x.activity.enrolmentsCompleted)],
            ['Étapes validées', (x) => number(x.activity.stepsValidated)],
            ['Habilitations délivrées', (x) => number(x.activity.qualificationsGranted)],
            ['Heures d’activité encadrée', (x) => hours(x.activity.supervisedHours)],
            ['Jeunes présents à un créneau', (x) => number(x.activity.hoursPerYoungPerson?.youngPeople ?? 0)],
            ['Heures par jeune : médiane', (x) => hours(x.activity.hoursPerYoungPerson?.median)],
            ['Heures par jeune : 1er et 3e quartiles', (x) => (x.activity.hoursPerYoungPerson ? `${hours(x.activity.hoursPerYoungPerson.q1)} – ${hours(x.activity.hoursPerYoungPerson.q3)}` : '—')],
            ['Taux de présence aux créneaux', (x) => pct(x.activity.attendanceRatePct)],
            ['Absences', (x) => number(x.activity.noShows)],
          ]}
        />
      </section>

      <section aria-labelledby="resultats">
        <h2 id="resultats">Les sorties après le parcours</h2>
        <BarChart id="sorties" title="Sorties enregistrées" periods={periods} rows={rowsOf(f.results.byOutcome, p.results.byOutcome, OUTCOME_FR)} />
        <p class="muted">
          Comptées comme positives : {f.results.positiveOutcomeKinds.map((k) => OUTCOME_FR[k] ?? k).join(', ')}. {number(f.results.pathsEnded)} parcours terminés ou arrêtés sur la
          période, dont {number(f.outcomeMissing)} sans sortie renseignée.
        </p>
      </section>

      {f.machines ? (
        <section aria-labelledby="machines">
          <h2 id="machines">Les machines</h2>
          <div class="table-scroll">
            <table class="report-table">
              <caption>Disponibilité et utilisation sur les heures d’ouverture ({periods[0]})</caption>
              <thead>
                <tr>
                  <th scope="col">Machine</th>
                  <th scope="col" class="num">
                    Disponibilité
                  </th>
                  <th scope="col" class="num">
                    Utilisation
                  </th>
                  <th scope="col" class="num">
                    Pannes
                  </th>
                  <th scope="col" class="num">
                    Réparation (moyenne)
                  </th>
                </tr>
              </thead>
              <tbody>
                {f.machines.items.map((m) => (
                  <tr key={m.machineId}>
                    <th scope="row">{m.name}</th>
                    <td class="num">{pct(m.availabilityPct)}</td>
                    <td class="num">{pct(m.utilisationPct)}</td>
                    <td class="num">{number(m.failures)}</td>
                    <td class="num">{hours(m.mttrHours)}</td>
                  </tr>
                ))}
                <tr class="total">
                  <th scope="row">Ensemble</th>
                  <td class="num">{pct(f.machines.overall.availabilityPct)}</td>
                  <td class="num">{pct(f.machines.overall.utilisationPct)}</td>
                  <td class="num">{number(f.machines.overall.failures)}</td>
                  <td class="num">{hours(f.machines.overall.mttrHours)}</td>
                </tr>
                {p.machines ? (
                  <tr>
                    <th scope="row">Ensemble, un an plus tôt</th>
                    <td class="num">{pct(p.machines.overall.availabilityPct)}</td>
                    <td class="num">{pct(p.machines.overall.utilisationPct)}</td>
                    <td class="num">{number(p.machines.overall.failures)}</td>
                    <td class="num">{hours(p.machines.overall.mttrHours)}</td>
                  </tr>
                ) : null}
              </tbody>
            </table>
          </div>
        </section>
      ) : null}
    </>
  );
}

/** A breakdown whose entries differ from one period to the other (partners, postcodes). */
function ListTable({ title, periods, current, previous }: { title: string; periods: [string, string]; current: Array<[string, string, number]>; previous: Array<[string, string, number]> }) {
  const labels = new Map<string, string>();
  for (const [key, label] of [...current, ...previous]) if (!labels.has(key)) labels.set(key, label);
  const a = new Map(current.map(([key, , count]) => [key, count]));
  const b = new Map(previous.map(([key, , count]) => [key, count]));
  return (
    <table class="report-table">
      <caption>{title}</caption>
      <thead>
        <tr>
          <th scope="col">{title}</th>
          <th scope="col" class="num">
            {periods[0]}
          </th>
          <th scope="col" class="num">
            {periods[1]}
          </th>
        </tr>
      </thead>
      <tbody>
        {[...labels].map(([key, label]) => (
          <tr key={key}>
            <th scope="row">{label}</th>
            <td class="num">{number(a.get(key) ?? 0)}</td>
            <td class="num">{number(b.get(key) ?? 0)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
