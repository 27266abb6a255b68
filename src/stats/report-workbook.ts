import ExcelJS from 'exceljs';
import { DateTime } from 'luxon';
import { neutraliseFormula } from '../common/text/spreadsheet-text.js';
import { AUDIENCE_FR, GENDER_FR, OUTCOME_FR } from './participants-export.service.js';
import type { MachinesReport, PeriodReport, ReportFigures, ReportPersonRow } from './period-report.js';

type Value = number | string | boolean | null | undefined;
type Format = 'int' | 'decimal' | 'pct' | 'euros' | 'yesno';

const NUM_FMT: Record<Exclude<Format, 'yesno'>, string> = {
  int: '#,##0',
  decimal: '#,##0.00',
  // Percentages are written as fractions (0.667) and shown as 66.7 %: a spreadsheet computes with them.
  pct: '0.0%',
  euros: '#,##0.00 "€"',
};

const AGE_FR: Record<string, string> = { '<15': 'moins de 15 ans', '15-17': '15 à 17 ans', '18-25': '18 à 25 ans', '26+': '26 ans et plus' };

interface SummaryLine {
  label: string;
  format: Format;
  value: (f: ReportFigures) => Value;
}

const SUMMARY: SummaryLine[] = [
  { label: 'Jeunes touchés', format: 'int', value: (f) => f.reached },
  { label: 'dont nouveaux (jamais touchés avant la période)', format: 'int', value: (f) => f.newcomers },
  { label: 'Jeunes résidant en QPV', format: 'int', value: (f) => f.qpv },
  { label: 'Part des jeunes résidant en QPV', format: 'pct', value: (f) => f.qpvSharePct },
  { label: 'Part QPV exigée', format: 'pct', value: (f) => f.qpvThresholdPct },
  { label: 'Part QPV exigée atteinte', format: 'yesno', value: (f) => f.meetsQpvThreshold },
  { label: 'Parcours commencés', format: 'int', value: (f) => f.activity.enrolmentsStarted },
  { label: 'Parcours terminés', format: 'int', value: (f) => f.activity.enrolmentsCompleted },
  { label: 'Étapes validées', format: 'int', value: (f) => f.activity.stepsValidated },
  { label: 'Habilitations délivrées', format: 'int', value: (f) => f.activity.qualificationsGranted },
  { label: 'Heures d’activité encadrée (créneaux suivis)', format: 'decimal', value: (f) => f.activity.supervisedHours },
  { label: 'Jeunes présents à au moins un créneau', format: 'int', value: (f) => f.activity.hoursPerYoungPerson?.youngPeople ?? 0 },
  { label: 'Heures par jeune présent : moyenne', format: 'decimal', value: (f) => f.activity.hoursPerYoungPerson?.mean },
  { label: 'Heures par jeune présent : premier quartile', format: 'decimal', value: (f) => f.activity.hoursPerYoungPerson?.q1 },
  { label: 'Heures par jeune présent : médiane', format: 'decimal', value: (f) => f.activity.hoursPerYoungPerson?.median },
  { label: 'Heures par jeune présent : troisième quartile', format: 'decimal', value: (f) => f.activity.hoursPerYoungPerson?.q3 },
  { label: 'Places prévues sur les créneaux', format: 'int', value: (f) => f.activity.plannedPlaces },
  { label: 'Présences pointées', format: 'int', value: (f) => f.activity.checkedIn },
  { label: 'Taux de présence', format: 'pct', value: (f) => f.activity.attendanceRatePct },
  { label: 'Absences', format: 'int', value: (f) => f.activity.noShows },
  { label: 'Sorties enregistrées', format: 'int', value: (f) => f.results.outcomesRecorded },
  { label: 'Sorties positives', format: 'int', value: (f) => f.results.positiveOutcomes },
  { label: 'Taux de sorties positives', format: 'pct', value: (f) => f.positiveExitRatePct },
  { label: 'Parcours terminés ou abandonnés', format: 'int', value: (f) => f.results.pathsEnded },
  { label: 'dont sans sortie renseignée', format: 'int', value: (f) => f.outcomeMissing },
  { label: 'Budget de la période', format: 'euros', value: (f) => f.budget },
  { label: 'Coût par jeune touché', format: 'euros', value: (f) => f.costPerYoungPerson },
  { label: 'Machines : disponibilité', format: 'pct', value: (f) => f.machines?.overall.availabilityPct },
  { label: 'Machines : taux d’utilisation', format: 'pct', value: (f) => f.machines?.overall.utilisationPct },
  { label: 'Machines : pannes', format: 'int', value: (f) => f.machines?.overall.failures },
  { label: 'Machines : temps moyen de réparation (heures d’ouverture)', format: 'decimal', value: (f) => f.machines?.overall.mttrHours },
];

/** "du 01/01/2026 au 31/12/2026": `to` is excluded, so the last day shown is the one before it. */
export function periodLabel(from: string, to: string, zone: string): string {
  const first = DateTime.fromISO(from, { zone });
  const last = DateTime.fromISO(to, { zone }).minus({ milliseconds: 1 });
  return `du ${first.toFormat('dd/MM/yyyy')} au ${last.toFormat('dd/MM/yyyy')}`;
}

/**
 * The report as an .xlsx workbook for funders: a summary sheet, one sheet per breakdown (the
 * period and the year before side by side), the machines, and one pseudonymous row per young
 * person (the pseudonyms of participants.csv). French headers; numbers, percentages, euros and
 * dates are typed cells, not text; every free text passes through neutraliseFormula.
 */
export async function renderReportWorkbook(report: PeriodReport, people: ReportPersonRow[], zone: string, now: Date): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  book.creator = 'Dynamo Fablab';
  book.created = now;
  const current = periodLabel(report.from, report.to, zone);
  const previous = periodLabel(report.previous.from, report.previous.to, zone);

  const summary = book.addWorksheet('Synthèse');
  summary.getColumn(1).width = 58;
  summary.getColumn(2).width = 26;
  summary.getColumn(3).width = 26;
  summary.addRow(['Bilan d’activité du fablab']).font = { bold: true, size: 14 };
  summary.addRow(['Période', current]);
  summary.addRow(['Comparée à', previous]);
  summary.addRow([
    'Jeunes comptés',
    text(report.scope ? `orientés par ${report.scope.partnerName ?? 'aucun partenaire'}` : 'tous les jeunes accueillis'),
  ]);
  summary.addRow(['Chiffres au', DateTime.fromISO(report.asOf, { zone }).toFormat('dd/MM/yyyy HH:mm')]);
  summary.addRow([]);
  header(summary.addRow(['Indicateur', current, previous]));
  for (const line of SUMMARY) typedRow(summary, line.label, [line.value(report), line.value(report.previous)], line.format);
  summary.views = [{ state: 'frozen', ySplit: 7 }];

  const breakdown = (name: string, label: string, rows: Array<[string, Value, Value]>, format: Format = 'int') => {
    const sheet = book.addWorksheet(name);
    sheet.getColumn(1).width = 40;
    sheet.getColumn(2).width = 26;
    sheet.getColumn(3).width = 26;
    header(sheet.addRow([label, current, previous]));
    for (const [key, a, b] of rows) typedRow(sheet, key, [a, b], format);
    sheet.views = [{ state: 'frozen', ySplit: 1 }];
  };
  const fromRecord = (pick: (f: ReportFigures) => Record<string, number>, labels: Record<string, string> = {}) =>
    Object.keys(pick(report)).map((key) => [labels[key] ?? key, pick(report)[key], pick(report.previous)[key] ?? 0] as [string, Value, Value]);
  const fromList = <T extends { count: number }>(pick: (f: ReportFigures) => T[], key: (item: T) => string, label: (item: T) => string) => {
    const labels = new Map<string, string>();
    const counts = (f: ReportFigures) => new Map(pick(f).map((item) => [key(item), item.count]));
    for (const item of [...pick(report), ...pick(report.previous)]) if (!labels.has(key(item))) labels.set(key(item), label(item));
    const a = counts(report);
    const b = counts(report.previous);
    return [...labels].map(([k, l]) => [l, a.get(k) ?? 0, b.get(k) ?? 0] as [string, Value, Value]);
  };

  breakdown('Publics', 'Public', fromRecord((f) => f.public.byAudience, AUDIENCE_FR));
  breakdown('Genres', 'Genre', fromRecord((f) => f.public.byGender, GENDER_FR));
  breakdown('Âges', 'Tranche d’âge', fromRecord((f) => f.public.byAgeBand, AGE_FR));
  breakdown('QPV', 'Lieu de résidence', [
    ['en quartier prioritaire (QPV)', report.public.byQpv.qpv, report.previous.public.byQpv.qpv],
    ['hors QPV', report.public.byQpv.other, report.previous.public.byQpv.other],
  ]);
  breakdown('Codes postaux', 'Code postal', fromList((f) => f.public.byPostcode, (row) => String(row.postcode), (row) => row.postcode ?? 'non renseigné'));
  breakdown('Partenaires', 'Partenaire orienteur', fromList((f) => f.public.byPartner, (row) => String(row.partnerId), (row) => row.name ?? 'aucun'));
  breakdown('Parcours', 'Parcours', fromRecord((f) => f.public.byPath));
  breakdown('Sorties', 'Sortie après le parcours', fromRecord((f) => f.results.byOutcome, OUTCOME_FR));

  if (report.machines) {
    const sheet = book.addWorksheet('Machines');
    const columns: Array<[string, Format, (m: MachinesReport['overall']) => Value]> = [
      ['Heures d’ouverture', 'decimal', (m) => m.openHours],
      ['Heures d’arrêt', 'decimal', (m) => m.downtimeHours],
      ['Disponibilité', 'pct', (m) => m.availabilityPct],
      ['Pannes', 'int', (m) => m.failures],
      ['Temps moyen de réparation (h)', 'decimal', (m) => m.mttrHours],
      ['Heures réservées', 'decimal', (m) => m.bookedHours],
      ['Taux d’utilisation', 'pct', (m) => m.utilisationPct],
    ];
    header(sheet.addRow(['Code', 'Machine', ...columns.map(([label]) => label)]));
    sheet.getColumn(1).width = 14;
    sheet.getColumn(2).width = 32;
    columns.forEach((_, i) => (sheet.getColumn(i + 3).width = 18));
    const line = (code: string, name: string, values: Value[]) => {
      const row = sheet.addRow([text(code), text(name), ...values.map((v, i) => cellValue(v, columns[i][1]))]);
      columns.forEach(([, format], i) => setFormat(row.getCell(i + 3), format));
      return row;
    };
    for (const m of report.machines.items) line(m.code, m.name, columns.map(([, , pick]) => pick(m)));
    const overall = (f: ReportFigures) => columns.map(([, , pick]) => (f.machines ? pick(f.machines.overall) : null));
    line('', `Ensemble ${current}`, overall(report)).font = { bold: true };
    line('', `Ensemble ${previous}`, overall(report.previous));
    sheet.views = [{ state: 'frozen', ySplit: 1 }];
  }

  const sheet = book.addWorksheet('Jeunes');
  const heads = ['Pseudonyme', 'Public', 'Genre', 'Tranche d’âge', 'QPV', 'Partenaire orienteur', 'Première activité de la période', 'Nouveau', 'Parcours suivis', 'Parcours terminés', 'Sorties', 'Heures encadrées'];
  header(sheet.addRow(heads));
  heads.forEach((h, i) => (sheet.getColumn(i + 1).width = Math.max(12, h.length + 2)));
  for (const person of people) {
    const row = sheet.addRow([
      person.pseudonym,
      AUDIENCE_FR[person.audience] ?? person.audience,
      GENDER_FR[person.gender] ?? person.gender,
      person.ageBand,
      person.qpv ? 'oui' : 'non',
      text(person.partnerName ?? ''),
      // A date cell (no time): the local day of the first activity.
      excelDate(DateTime.fromJSDate(person.firstActivityAt, { zone }).toISODate()!),
      person.isNew ? 'oui' : 'non',
      person.pathsFollowed.join(' '),
      person.pathsCompleted.join(' '),
      person.outcomes.map((o) => OUTCOME_FR[o] ?? o).join(' ; '),
      person.supervisedHours,
    ]);
    row.getCell(7).numFmt = 'dd/mm/yyyy';
    row.getCell(12).numFmt = NUM_FMT.decimal;
  }
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: heads.length } };
  sheet.views = [{ state: 'frozen', ySplit: 1 }];

  return Buffer.from(await book.xlsx.writeBuffer());
}

const text = (value: string) => neutraliseFormula(value);

/** A calendar day as a date cell at midnight UTC, which spreadsheets show as that day whatever their zone. */
const excelDate = (isoDate: string) => new Date(`${isoDate}T00:00:00Z`);

function header(row: ExcelJS.Row): void {
  row.font = { bold: true };
  row.alignment = { wrapText: true, vertical: 'top' };
}

function cellValue(value: Value, format: Format): ExcelJS.CellValue {
  if (value === null || value === undefined) return null;
  if (format === 'yesno') return value ? 'oui' : 'non';
  if (format === 'pct' && typeof value === 'number') return value / 100;
  return value as ExcelJS.CellValue;
}

function setFormat(cell: ExcelJS.Cell, format: Format): void {
  if (format !== 'yesno') cell.numFmt = NUM_FMT[format];
}

function typedRow(sheet: ExcelJS.Worksheet, label: string, values: Value[], format: Format): void {
  const row = sheet.addRow([text(label), ...values.map((v) => cellValue(v, format))]);
  values.forEach((_, i) => setFormat(row.getCell(i + 2), format));
}
