import type { MachineCategory } from '../../common/machine-category.js';
import type { MachineStatus } from '../../machines/machine-status.js';
import { ErrorSummary, type FieldErrors, Icon, PostForm, Radios, Select, TextInput } from '../shell/components.js';
import { duration, type FrenchDates } from '../shell/french-dates.service.js';
import { CATEGORY_LABEL, MACHINE_STATUS_LABEL } from '../shell/labels.js';
import { Layout } from '../shell/layout.js';
import type { PageContext } from '../shell/web-request.js';
import { clock } from './booking-refusals.service.js';
import { PeopleCheckboxes, type Person } from './people-checkboxes.js';
import { KIND_HINT, KIND_LABEL, LENGTH_CHOICES } from './session-words.js';
import type { GridDay, Segment } from './week-grid.js';

export interface MachineChoice {
  id: string;
  name: string;
  code: string;
  category: MachineCategory;
  status: MachineStatus;
  location: string | null;
  requiresQualification: boolean;
}

/** What the booking form holds (posted, or chosen from the grid). */
export interface BookingFormValues {
  jour: string;
  debut: string;
  minutes: string;
  kind: string;
  title: string;
  participantIds: string[];
  repetition: string;
  everyWeeks: string;
  count: string;
  until: string;
}

export const EMPTY_FORM: BookingFormValues = {
  jour: '',
  debut: '',
  minutes: '120',
  kind: 'session',
  title: '',
  participantIds: [],
  repetition: 'une',
  everyWeeks: '1',
  count: '',
  until: '',
};

/** The form's fields as hidden inputs: a series preview posts them again to confirm. */
export function HiddenFields({ machineId, values }: { machineId: string; values: BookingFormValues }) {
  const single = { machineId, ...values, participantIds: undefined };
  return (
    <>
      {Object.entries(single).map(([name, value]) => (value === undefined ? null : <input type="hidden" name={name} value={value} key={name} />))}
      {values.participantIds.map((id) => (
        <input type="hidden" name="participantIds" value={id} key={id} />
      ))}
    </>
  );
}

export function MachinesPage({ page, machines }: { page: PageContext; machines: MachineChoice[] }) {
  const shown = [...new Set(machines.map((m) => m.category))];
  return (
    <Layout page={page} title="Réserver une machine">
      <h1>Réserver une machine</h1>
      <p class="lead">Choisissez la machine : vous verrez sa semaine, ses créneaux libres et pris.</p>
      {shown.map((c) => (
        <section key={c} aria-labelledby={`cat-${c}`}>
          <h2 id={`cat-${c}`}>{CATEGORY_LABEL[c]}</h2>
          {machines.filter((m) => m.category === c && m.status === 'available').length > 1 ? (
            <p>
              <a href={`/formateur/reserver?categorie=${c}`}>
                N’importe laquelle : les créneaux libres de toutes<span class="visually-hidden"> ({CATEGORY_LABEL[c]})</span>
              </a>
            </p>
          ) : null}
          <ul class="list">
            {machines
              .filter((m) => m.category === c)
              .map((m) => (
                <li key={m.id}>
                  <a href={`/formateur/reserver?machine=${m.id}`}>
                    <strong>{m.name}</strong>
                  </a>{' '}
                  <span class="muted">({m.code})</span>
                  {m.location ? <span class="muted"> · {m.location}</span> : null}
                  {m.status !== 'available' ? (
                    <span class="status status-bad">
                      {' '}
                      · <Icon name="alert" /> {MACHINE_STATUS_LABEL[m.status]}
                    </span>
                  ) : null}
                </li>
              ))}
          </ul>
        </section>
      ))}
    </Layout>
  );
}

const SEGMENT_WORD: Record<Segment['kind'], string> = {
  free: 'Libre',
  taken: 'Déjà réservé',
  mine: 'Votre réservation',
  closed: 'Fablab fermé',
  maintenance: 'Entretien de la machine',
  past: 'Passé',
};

function SegmentLine({ segment, href, dayLabel }: { segment: Segment; href: string | null; dayLabel: string }) {
  const times = `${clock(segment.from)} – ${clock(segment.to)}`;
  return (
    <li class={`seg seg-${segment.kind}`}>
      <span class="seg-times">{times}</span>{' '}
      <span class="seg-what">
        {SEGMENT_WORD[segment.kind]}
        {segment.label ? ` : ${segment.label}` : ''}
      </span>
      {segment.bookingId ? (
        <>
          {' '}
          <a href={`/seances/${segment.bookingId}`}>
            Ouvrir<span class="visually-hidden"> votre réservation du {dayLabel}, {times}</span>
          </a>
        </>
      ) : null}
      {href ? (
        <>
          {' '}
          <a href={href} class="button button-secondary seg-pick">
            Choisir<span class="visually-hidden"> {dayLabel}, à partir de {times.split(' – ')[0]}</span>
          </a>
        </>
      ) : null}
    </li>
  );
}

export interface WeekView {
  /** `yyyy-MM-dd` of the Monday. */
  start: string;
  label: string;
  previous: string | null;
  next: string | null;
}

export function BookingWeekPage(props: {
  page: PageContext;
  machine: MachineChoice;
  week: WeekView;
  days: GridDay[];
  dates: FrenchDates;
  now: Date;
  /** The free segment chosen on the grid, with the quarter-hours one may start at in it. */
  chosen: { date: string; starts: string[]; maxMinutes: number } | null;
  people: (Person & { qualified: boolean })[];
  values: BookingFormValues;
  errors: FieldErrors;
}) {
  const { page, machine, week, days, dates, now, chosen, values, errors } = props;
  const base = `/formateur/reserver?machine=${machine.id}`;
  const pick = (date: string, segment: Segment) => `${base}&semaine=${week.start}&jour=${date}&debut=${segment.from}#reserver`;
  const unqualified = props.people.filter((p) => !p.qualified);
  const chosenDay = chosen ? days.find((d) => d.date === chosen.date) : undefined;
  return (
    <Layout page={page} title={Object.keys(errors).length ? 'Erreur – Réserver' : `Réserver – ${machine.name}`}>
      <h1>Réserver : {machine.name}</h1>
      <ErrorSummary errors={errors} />
      <p>
        {CATEGORY_LABEL[machine.category]} ({machine.code}){machine.location ? ` · ${machine.location}` : ''} · <a href={`/m/${encodeURIComponent(machine.code)}`}>la machine</a> ·{' '}
        <a href="/formateur/reserver">changer de machine</a>
      </p>
      {machine.status !== 'available' ? (
        <p class="warning">
          <Icon name="alert" /> Cette machine est {MACHINE_STATUS_LABEL[machine.status].toLowerCase()} : elle ne prend pas de réservation pour l’instant. Choisissez-en une
          autre.
        </p>
      ) : null}
      {chosen && chosenDay ? (
        <section id="reserver" aria-labelledby="reserver-titre" class="card card-highlight">
          <h2 id="reserver-titre">Votre réservation : {dates.day(chosenDay.start, now)}</h2>
          <PostForm page={page} action="/formateur/reserver">
            <input type="hidden" name="machineId" value={machine.id} />
            <input type="hidden" name="semaine" value={week.start} />
            <input type="hidden" name="jour" value={chosen.date} />
            <Select name="debut" label="Début" value={values.debut} choices={chosen.starts.map((s) => ({ value: s, label: clock(s) }))} error={errors.debut} />
            <Select
              name="minutes"
              label="Durée"
              hint={`Libre pendant ${duration(chosen.maxMinutes)} à partir du début du créneau.`}
              value={values.minutes}
              choices={LENGTH_CHOICES.map((m) => ({ value: String(m), label: duration(m) }))}
              error={errors.minutes}
            />
            <Radios
              name="kind"
              legend="Type de réservation"
              value={values.kind}
              error={errors.kind}
              choices={(['session', 'training'] as const).map((k) => ({ value: k, label: KIND_LABEL[k], hint: KIND_HINT[k] }))}
            />
            {props.people.length === 0 ? (
              <p id="participantIds">Aucun jeune de votre structure n’est inscrit au fablab pour l’instant : l’équipe du fablab peut les inscrire.</p>
            ) : (
              <PeopleCheckboxes
                id="participantIds"
                name="participantIds"
                legend="Les jeunes qui viennent"
                hint={
                  machine.requiresQualification && unqualified.length > 0
                    ? `Pas encore habilités à cette machine : ${unqualified.map((p) => p.name).join(', ')}. Pour eux, ce sera une formation, encadrée pas à pas.`
                    : undefined
                }
                error={errors.participantIds}
                people={props.people}
                checked={new Set(values.participantIds)}
              />
            )}
            <TextInput name="title" label="Intitulé (facultatif)" hint="Par exemple : Atelier porte-clés." maxLength={160} value={values.title} error={errors.title} />
            <Radios
              name="repetition"
              legend="Combien de fois ?"
              value={values.repetition}
              error={errors.repetition}
              choices={[
                { value: 'une', label: 'Une seule fois' },
                { value: 'hebdo', label: 'Plusieurs semaines', hint: 'Même jour, même heure. Vous verrez les dates possibles, et celles qui ne le sont pas, avant de confirmer.' },
              ]}
            />
            <fieldset class="field repeat">
              <legend>Si plusieurs semaines</legend>
              <Select
                name="everyWeeks"
                label="Fréquence"
                value={values.everyWeeks}
                error={errors.everyWeeks}
                choices={[
                  { value: '1', label: 'Chaque semaine' },
                  { value: '2', label: 'Toutes les 2 semaines' },
                  { value: '3', label: 'Toutes les 3 semaines' },
                  { value: '4', label: 'Toutes les 4 semaines' },
                ]}
              />
              <TextInput name="count" type="number" inputMode="numeric" label="Nombre de séances en tout" hint="Ou bien une date de fin ci-dessous." value={values.count} error={errors.count} />
              <TextInput name="until" type="date" label="Jusqu’au (inclus)" value={values.until} error={errors.until} />
            </fieldset>
            <button type="submit">Réserver</button>
          </PostForm>
        </section>
      ) : machine.status === 'available' ? (
        <p class="hint">Touchez « Choisir » sur un créneau libre pour réserver.</p>
      ) : null}
      {machine.status !== 'available' ? null : (
      <>
      <h2>{chosen ? `Changer de créneau · ${week.label}` : week.label}</h2>
      <nav class="week-nav" aria-label="Semaines">
        {week.previous ? <a href={`${base}&semaine=${week.previous}`}>← Semaine précédente</a> : null}
        {week.next ? <a href={`${base}&semaine=${week.next}`}>Semaine suivante →</a> : null}
      </nav>
      <NeverOpen days={days} />
      <div class="week">
      {days.map((day) => {
        const dayLabel = dates.day(day.start, now);
        return (
          <section class="day" key={day.date} aria-labelledby={`jour-${day.date}`}>
            <h3 id={`jour-${day.date}`}>{dayLabel}</h3>
            <ul class="segs">
              {day.segments.map((segment) => (
                <SegmentLine key={segment.start.getTime()} segment={segment} dayLabel={dayLabel} href={segment.kind === 'free' && machine.status === 'available' ? pick(day.date, segment) : null} />
              ))}
            </ul>
          </section>
        );
      })}
      </div>
      </>
      )}

    </Layout>
  );
}

const WEEKDAYS = ['lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi', 'dimanche'];

/** The weekdays left out of the grid (the fablab never opens then), said rather than silently missing. */
function NeverOpen({ days }: { days: { date: string }[] }) {
  const open = new Set(days.map((d) => (new Date(`${d.date}T12:00:00Z`).getUTCDay() + 6) % 7));
  const closed = WEEKDAYS.filter((_, i) => !open.has(i));
  if (closed.length === 0) return null;
  const last = closed[closed.length - 1];
  const said = closed.length === 1 ? `le ${last}` : `le ${closed.slice(0, -1).join(', le ')} ni le ${last}`;
  return <p class="hint">Le fablab n’ouvre pas {said}.</p>;
}

export interface OccurrenceLine {
  startsAt: string;
  endsAt: string;
  /** Why it cannot be booked, in French; null when it can (or was). */
  refusal: string | null;
  bookingId?: string;
  /** `yyyy-MM-dd` of the Monday of its week: to book another slot that week. */
  week?: string;
}

/** Before confirming a series: the dates that will be booked and those that cannot, with why. */
export function SeriesPreviewPage(props: { page: PageContext; machine: MachineChoice; lines: OccurrenceLine[]; values: BookingFormValues; back: string; dates: FrenchDates; now: Date }) {
  const { page, lines, dates, now } = props;
  const ok = lines.filter((l) => !l.refusal);
  const refused = lines.filter((l) => l.refusal);
  return (
    <Layout page={page} title="Vérifier les dates">
      <h1>Vérifier les dates</h1>
      <p class="lead">
        {props.machine.name} · {KIND_LABEL[props.values.kind as 'session'] ?? ''} · {props.values.participantIds.length} jeune{props.values.participantIds.length > 1 ? 's' : ''}
      </p>
      {refused.length > 0 ? (
        <>
          <h2>
            {refused.length === 1 ? '1 date impossible' : `${refused.length} dates impossibles`}
          </h2>
          <ul class="list">
            {refused.map((l) => (
              <li key={l.startsAt} class="refused">
                <Icon name="alert" /> <strong>{dates.slot(l.startsAt, l.endsAt, now)}</strong>
                <br />
                {l.refusal}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <h2>{ok.length === 0 ? 'Aucune date possible' : ok.length === 1 ? '1 date possible' : `${ok.length} dates possibles`}</h2>
      {ok.length > 0 ? (
        <ul class="list">
          {ok.map((l) => (
            <li key={l.startsAt}>
              <Icon name="check" /> {dates.slot(l.startsAt, l.endsAt, now)}
            </li>
          ))}
        </ul>
      ) : (
        <p>Changez le jour, l’heure ou la machine.</p>
      )}
      {ok.length > 0 ? (
        <PostForm page={page} action="/formateur/reserver/serie">
          <HiddenFields machineId={props.machine.id} values={props.values} />
          <button type="submit">{ok.length === 1 ? 'Réserver cette date' : `Réserver ces ${ok.length} dates`}</button>
        </PostForm>
      ) : null}
      <p>
        <a href={props.back}>Modifier</a>
      </p>
    </Layout>
  );
}

/** After confirming a series: what was booked (links to each session) and what was not, with why. */
export function SeriesReportPage(props: { page: PageContext; machine: MachineChoice; lines: OccurrenceLine[]; dates: FrenchDates; now: Date }) {
  const { page, lines, dates, now } = props;
  const booked = lines.filter((l) => l.bookingId);
  const refused = lines.filter((l) => !l.bookingId);
  return (
    <Layout page={page} title="Séances réservées">
      <h1>{booked.length === 0 ? 'Rien n’a été réservé' : booked.length === 1 ? '1 séance réservée' : `${booked.length} séances réservées`}</h1>
      <p class="lead">{props.machine.name}</p>
      {booked.length > 0 ? (
        <ul class="list">
          {booked.map((l) => (
            <li key={l.startsAt}>
              <Icon name="check" /> <a href={`/seances/${l.bookingId}`}>{dates.slot(l.startsAt, l.endsAt, now)}</a>
            </li>
          ))}
        </ul>
      ) : null}
      {refused.length > 0 ? (
        <>
          <h2>Pas réservées</h2>
          <ul class="list">
            {refused.map((l) => (
              <li key={l.startsAt} class="refused">
                <Icon name="alert" /> <strong>{dates.slot(l.startsAt, l.endsAt, now)}</strong>
                <br />
                {l.refusal}
                {l.week ? (
                  <>
                    <br />
                    <a href={`/formateur/reserver?machine=${props.machine.id}&semaine=${l.week}`}>
                      Voir la semaine de cette machine<span class="visually-hidden"> du {dates.day(l.startsAt, now)}</span>
                    </a>
                  </>
                ) : null}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <p class="actions">
        <a class="button" href="/formateur/reservations">
          Mes réservations
        </a>
      </p>
    </Layout>
  );
}

/** A free stretch of one machine of a category. */
export interface CategoryFree {
  machine: MachineChoice;
  from: string;
  to: string;
}

/** "Any laser cutter": the week's free stretches of every available machine of a category, day by day. */
export function CategoryWeekPage(props: {
  page: PageContext;
  category: MachineCategory;
  week: WeekView;
  days: { date: string; start: Date; free: CategoryFree[]; closed: string | null | undefined }[];
  dates: FrenchDates;
  now: Date;
}) {
  const { page, category, week, dates, now } = props;
  const base = `/formateur/reserver?categorie=${category}`;
  return (
    <Layout page={page} title={`Réserver – ${CATEGORY_LABEL[category]}`}>
      <h1>Réserver : {CATEGORY_LABEL[category]}</h1>
      <p>
        Les créneaux libres de toutes les machines de ce type · <a href="/formateur/reserver">choisir une machine précise</a>
      </p>
      <h2>{week.label}</h2>
      <nav class="week-nav" aria-label="Semaines">
        {week.previous ? <a href={`${base}&semaine=${week.previous}`}>← Semaine précédente</a> : null}
        {week.next ? <a href={`${base}&semaine=${week.next}`}>Semaine suivante →</a> : null}
      </nav>
      <NeverOpen days={props.days} />
      <div class="week">
        {props.days.map((day) => {
          const dayLabel = dates.day(day.start, now);
          return (
            <section class="day" key={day.date} aria-labelledby={`jour-${day.date}`}>
              <h3 id={`jour-${day.date}`}>{dayLabel}</h3>
              <ul class="segs">
                {day.closed !== undefined ? (
                  <li class="seg seg-closed">
                    <span class="seg-what">Fablab fermé{day.closed ? ` : ${day.closed}` : ''}</span>
                  </li>
                ) : day.free.length === 0 ? (
                  <li class="seg seg-taken">
                    <span class="seg-what">Rien de libre</span>
                  </li>
                ) : (
                  day.free.map((f) => (
                    <li class="seg seg-free" key={`${f.machine.id}-${f.from}`}>
                      <span class="seg-times">
                        {clock(f.from)} – {clock(f.to)}
                      </span>{' '}
                      <span class="seg-what">{f.machine.name}</span>{' '}
                      <a href={`/formateur/reserver?machine=${f.machine.id}&semaine=${week.start}&jour=${day.date}&debut=${f.from}#reserver`} class="button button-secondary seg-pick">
                        Choisir
                        <span class="visually-hidden">
                          {' '}
                          {f.machine.name}, {dayLabel}, à partir de {clock(f.from)}
                        </span>
                      </a>
                    </li>
                  ))
                )}
              </ul>
            </section>
          );
        })}
      </div>
    </Layout>
  );
}
