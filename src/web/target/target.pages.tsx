import { AUDIENCE_FR, GENDER_FR } from '../../stats/participants-export.service.js';
import type { TargetStats } from '../../stats/target-stats.js';
import type { FrenchDates } from '../shell/french-dates.service.js';
import { Layout } from '../shell/layout.js';
import type { PageContext } from '../shell/web-request.js';

const number = (n: number): string => n.toLocaleString('fr-FR');
const share = (part: number, whole: number): string => (whole === 0 ? '—' : `${Math.round((part / whole) * 100)} %`);
const MONTHS = ['janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août', 'septembre', 'octobre', 'novembre', 'décembre'];

function Breakdown({ id, title, rows, total }: { id: string; title: string; rows: [string, number][]; total: number }) {
  return (
    <table class="report-table target-table" id={id}>
      <caption>{title}</caption>
      <thead>
        <tr>
          <th scope="col">
            <span class="visually-hidden">{title}</span>
          </th>
          <th scope="col" class="num">
            Jeunes
          </th>
          <th scope="col" class="num">
            Part
          </th>
        </tr>
      </thead>
      <tbody>
        {rows.map(([label, count]) => (
          <tr key={label}>
            <th scope="row">{label}</th>
            <td class="num">{number(count)}</td>
            <td class="num">{share(count, total)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** What the year's figures say in one sentence about the pace. */
function paceWords(stats: TargetStats, phase: 'past' | 'current' | 'future'): string {
  if (phase === 'past') return stats.reached >= stats.target ? `Objectif atteint : ${number(stats.reached)} jeunes pour ${number(stats.target)}.` : `Année terminée : il a manqué ${number(stats.target - stats.reached)} jeunes.`;
  if (phase === 'future') return 'Cette année n’a pas commencé.';
  const gap = stats.reached - stats.expectedToDate;
  return stats.onTrack
    ? `En avance sur le rythme : il en fallait ${number(stats.expectedToDate)} à cette date (${gap > 0 ? `${number(gap)} de plus` : 'pile au rythme'}).`
    : `En retard sur le rythme : il en fallait ${number(stats.expectedToDate)} à cette date (${number(-gap)} de moins).`;
}

export function TargetPage({
  page,
  stats,
  chart,
  current,
  pathTitles,
  csvHref,
  dates,
}: {
  page: PageContext;
  stats: TargetStats;
  chart: string;
  current: number;
  pathTitles: Map<string, string>;
  csvHref: string | null;
  dates: FrenchDates;
}) {
  const phase = stats.year < current ? 'past' : stats.year > current ? 'future' : 'current';
  const total = stats.reached;
  return (
    <Layout page={page} title={`Objectif ${stats.year}`}>
      <h1>
        Objectif {stats.year} : {number(stats.target)} jeunes
      </h1>
      <div class={`target-summary ${stats.onTrack || phase !== 'current' ? '' : 'target-late'}`}>
        <p class="target-big">
          <strong>{number(stats.reached)}</strong> {stats.reached === 1 ? 'jeune touché' : 'jeunes touchés'}, soit {stats.percent.toLocaleString('fr-FR')} % de l’objectif
        </p>
        <progress value={Math.min(stats.reached, stats.target)} max={stats.target} aria-label={`${number(stats.reached)} jeunes sur ${number(stats.target)}`}>
          {stats.percent.toLocaleString('fr-FR')} %
        </progress>
        <p class="target-pace">{paceWords(stats, phase)}</p>
        {phase === 'current' ? <p class="no-margin">À ce rythme : environ {number(stats.projectedYearEnd)} {stats.projectedYearEnd === 1 ? 'jeune' : 'jeunes'} au 31 décembre.</p> : null}
      </div>
      <dl class="figures">
        <div>
          <dt>Nouveaux cette année</dt>
          <dd>{number(stats.newThisYear)}</dd>
        </div>
        <div>
          <dt>Parcours terminés</dt>
          <dd>{number(stats.completions)}</dd>
        </div>
        <div>
          <dt>En quartier prioritaire</dt>
          <dd>{share(stats.byQpv.qpv, total)}</dd>
        </div>
      </dl>
      <p class="muted">Chiffres du {dates.moment(stats.asOf)}. Un jeune compte une fois dans l’année dès qu’il est inscrit à un parcours, valide une étape ou vient à une séance.</p>
      <ul class="link-row">
        {csvHref ? (
          <li>
            <a href={csvHref}>Télécharger la liste pour les financeurs (CSV, sans nom)</a>
          </li>
        ) : null}
        <li>
          <a href="/equipe/bilan">Bilan détaillé d’une période</a>
        </li>
        <li>
          <a href={`/equipe/objectif?annee=${stats.year - 1}`}>Voir {stats.year - 1}</a>
        </li>
        {stats.year !== current ? (
          <li>
            <a href="/equipe/objectif">Revenir à {current}</a>
          </li>
        ) : null}
      </ul>

      <h2>Mois par mois</h2>
      <figure class="target-chart">
        {/* The API's own SVG (GET /api/stats/target.svg), made from numbers only; it has its title and description. */}
        <div dangerouslySetInnerHTML={{ __html: chart }} />
        <details>
          <summary>Les chiffres du graphique</summary>
          <table class="report-table">
            <caption class="visually-hidden">Jeunes touchés mois par mois</caption>
            <thead>
              <tr>
                <th scope="col">Mois</th>
                <th scope="col" class="num">
                  Nouveaux
                </th>
                <th scope="col" class="num">
                  Total
                </th>
              </tr>
            </thead>
            <tbody>
              {stats.monthly.map((m) => (
                <tr key={m.month}>
                  <th scope="row">{MONTHS[Number(m.month.slice(5, 7)) - 1]}</th>
                  <td class="num">{number(m.newlyReached)}</td>
                  <td class="num">{number(m.cumulative)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      </figure>

      <h2>Qui sont ces jeunes ?</h2>
      <div class="report-grid">
        <Breakdown id="publics" title="Public" total={total} rows={Object.entries(stats.byAudience).map(([k, v]) => [AUDIENCE_FR[k] ?? k, v])} />
        <Breakdown id="parcours" title="Parcours" total={total} rows={Object.entries(stats.byPath).map(([k, v]) => [pathTitles.get(k) ?? k, v])} />
        <Breakdown id="ages" title="Âge dans l’année" total={total} rows={Object.entries(stats.byAgeBand).map(([k, v]) => [k === '<15' ? 'moins de 15 ans' : k === '26+' ? '26 ans et plus' : `${k.replace('-', ' à ')} ans`, v])} />
        <Breakdown id="genres" title="Genre" total={total} rows={Object.entries(stats.byGender).map(([k, v]) => [GENDER_FR[k] ?? k, v])} />
        <Breakdown id="qpv" title="Quartier prioritaire (QPV)" total={total} rows={[['habite un QPV', stats.byQpv.qpv], ['autre quartier', stats.byQpv.other]]} />
        <Breakdown id="partenaires" title="Envoyés par" total={total} rows={stats.byPartner.map((p) => [p.name ?? (p.partnerId ? 'partenaire' : 'venus d’eux-mêmes'), p.count])} />
      </div>
    </Layout>
  );
}
