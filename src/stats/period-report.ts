import type { MachineMetrics } from '../machines/machine-metrics.js';
import type { Quartiles } from './report-arithmetic.js';

export interface MachineReportLine extends MachineMetrics {
  machineId: string;
  code: string;
  name: string;
  category: string;
}

export interface MachinesReport {
  /** All machines together: hours summed, percentages and means recomputed from the sums. */
  overall: Pick<MachineMetrics, 'openHours' | 'downtimeHours' | 'availabilityPct' | 'failures' | 'mttrHours' | 'bookedHours' | 'utilisationPct'>;
  items: MachineReportLine[];
}

/** The figures of one period (GET /stats/report without `previous`). */
export interface ReportFigures {
  from: string;
  to: string;
  /** The calendar year the period starts in: age bands are this year − birth year. */
  year: number;
  reached: number;
  newcomers: number;
  qpv: number;
  qpvSharePct: number | null;
  qpvThresholdPct: number;
  meetsQpvThreshold: boolean | null;
  positiveExitRatePct: number | null;
  outcomeMissing: number;
  /** The budget of the period in euros (yearly budgets prorated by days); null when a year has none, or for a partner's report. */
  budget: number | null;
  costPerYoungPerson: number | null;
  public: {
    byAudience: Record<string, number>;
    byGender: Record<string, number>;
    byAgeBand: Record<string, number>;
    byQpv: { qpv: number; other: number };
    byPostcode: Array<{ postcode: string | null; count: number }>;
    byPartner: Array<{ partnerId: string | null; name: string | null; count: number }>;
    byPath: Record<string, number>;
  };
  activity: {
    enrolmentsStarted: number;
    enrolmentsCompleted: number;
    stepsValidated: number;
    qualificationsGranted: number;
    supervisedHours: number;
    hoursPerYoungPerson: ({ youngPeople: number; mean: number } & Quartiles) | null;
    plannedPlaces: number;
    checkedIn: number;
    attendanceRatePct: number | null;
    noShows: number;
  };
  results: {
    outcomesRecorded: number;
    byOutcome: Record<string, number>;
    positiveOutcomeKinds: string[];
    positiveOutcomes: number;
    positiveExitRatePct: number | null;
    pathsEnded: number;
    outcomeMissing: number;
  };
  /** Null in a partner's report: the machines are the fablab's, not about their young people. */
  machines: MachinesReport | null;
}

export interface PeriodReport extends ReportFigures {
  /** Whose young people: everyone's, or one partner's (a trainer's report). */
  scope: { partnerId: string | null; partnerName: string | null } | null;
  previous: ReportFigures;
  asOf: string;
}

/** One pseudonymous row per young person reached (the spreadsheet's per-person sheet). */
export interface ReportPersonRow {
  pseudonym: string;
  audience: string;
  gender: string;
  ageBand: string;
  qpv: boolean;
  partnerName: string | null;
  firstActivityAt: Date;
  isNew: boolean;
  pathsFollowed: string[];
  pathsCompleted: string[];
  outcomes: string[];
  supervisedHours: number;
}
