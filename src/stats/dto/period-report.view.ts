import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/*
 * The OpenAPI description of GET /stats/report (classes for the schema only: the service returns
 * the plain objects of period-report.ts, which these mirror).
 */

const counts = (description: string, example: Record<string, number>) =>
  ApiProperty({ type: 'object', additionalProperties: { type: 'integer' }, description, example });

class PostcodeCountView {
  @ApiProperty({ type: String, nullable: true, example: '73000', description: 'null: not given, or erased' })
  postcode: string | null;
  @ApiProperty({ example: 312 })
  count: number;
}

class PartnerCountView {
  @ApiProperty({ type: String, nullable: true, format: 'uuid', description: 'null: referred by no partner' })
  partnerId: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'Mission locale' })
  name: string | null;
  @ApiProperty({ example: 120 })
  count: number;
}

class PublicView {
  @counts('young people reached by audience', { insertion: 250, dropout: 80, pupil: 150, other: 20 })
  byAudience: Record<string, number>;
  @counts('by gender', { female: 230, male: 250, nonbinary: 8, undisclosed: 12 })
  byGender: Record<string, number>;
  @counts('by age band (year of the period’s start − birth year)', { '<15': 140, '15-17': 90, '18-25': 250, '26+': 20 })
  byAgeBand: Record<string, number>;
  @counts('living in a priority neighbourhood or not', { qpv: 320, other: 180 })
  byQpv: { qpv: number; other: number };
  @ApiProperty({ type: [PostcodeCountView], description: 'by postcode, most first' })
  byPostcode: PostcodeCountView[];
  @ApiProperty({ type: [PartnerCountView], description: 'by referring partner, most first' })
  byPartner: PartnerCountView[];
  @counts('distinct young people active on each path (enrolment or validation; every path present)', { EXPERIMENTER: 200, APPRENDRE: 150, FABRIQUER: 120, PARTAGER: 25 })
  byPath: Record<string, number>;
}

class HoursSpreadView {
  @ApiProperty({ example: 410, description: 'young people checked in at least once in the period' })
  youngPeople: number;
  @ApiProperty({ example: 9.5 })
  mean: number;
  @ApiProperty({ example: 3, description: 'first quartile (linear interpolation, as QUARTILE.INC)' })
  q1: number;
  @ApiProperty({ example: 6 })
  median: number;
  @ApiProperty({ example: 12.5 })
  q3: number;
}

class ActivityView {
  @ApiProperty({ example: 560 }) enrolmentsStarted: number;
  @ApiProperty({ example: 320 }) enrolmentsCompleted: number;
  @ApiProperty({ example: 2400 }) stepsValidated: number;
  @ApiProperty({ example: 610 }) qualificationsGranted: number;
  @ApiProperty({ example: 3900.5, description: 'hours of attended bookings (the booked slot’s length), summed over the young people checked in' })
  supervisedHours: number;
  @ApiProperty({ type: HoursSpreadView, nullable: true, description: 'hours per young person checked in; null when nobody was' })
  hoursPerYoungPerson: HoursSpreadView | null;
  @ApiProperty({ example: 5200, description: 'planned places of the bookings that started in the period and took place or were missed' })
  plannedPlaces: number;
  @ApiProperty({ example: 4700, description: 'of those places, the ones checked in' })
  checkedIn: number;
  @ApiProperty({ type: Number, nullable: true, example: 90.4, description: 'checkedIn / plannedPlaces × 100, one decimal' })
  attendanceRatePct: number | null;
  @ApiProperty({ example: 500, description: 'planned places not checked in' })
  noShows: number;
}

class ResultsView {
  @ApiProperty({ example: 300, description: 'outcomes recorded in the period (after a path)' }) outcomesRecorded: number;
  @counts('outcomes recorded in the period, by kind (every kind present)', { employment: 60, training: 90, school_return: 40, civic_service: 10, business_creation: 2, none: 50, unknown: 48 })
  byOutcome: Record<string, number>;
  @ApiProperty({ type: [String], example: ['employment', 'training', 'school_return', 'civic_service', 'business_creation'], description: 'REPORT_POSITIVE_OUTCOMES' })
  positiveOutcomeKinds: string[];
  @ApiProperty({ example: 202 }) positiveOutcomes: number;
  @ApiProperty({ type: Number, nullable: true, example: 67.3, description: 'positive outcomes ÷ outcomes recorded × 100, one decimal; null when none recorded' })
  positiveExitRatePct: number | null;
  @ApiProperty({ example: 340, description: 'paths completed or withdrawn in the period' }) pathsEnded: number;
  @ApiProperty({ example: 40, description: 'of those, the ones with no outcome recorded yet' }) outcomeMissing: number;
}

class MachineOverallView {
  @ApiProperty({ example: 14000 }) openHours: number;
  @ApiProperty({ example: 300 }) downtimeHours: number;
  @ApiProperty({ type: Number, nullable: true, example: 97.9 }) availabilityPct: number | null;
  @ApiProperty({ example: 6 }) failures: number;
  @ApiProperty({ type: Number, nullable: true, example: 21.5, description: 'mean time to repair, weighted by repairs' }) mttrHours: number | null;
  @ApiProperty({ example: 5000 }) bookedHours: number;
  @ApiProperty({ type: Number, nullable: true, example: 36.5 }) utilisationPct: number | null;
}

class MachineLineView extends MachineOverallView {
  @ApiProperty({ format: 'uuid' }) machineId: string;
  @ApiProperty({ example: 'LASER-1' }) code: string;
  @ApiProperty({ example: 'Découpe laser' }) name: string;
  @ApiProperty({ example: 'laser_cutter' }) category: string;
  @ApiProperty({ type: Number, nullable: true }) mtbfHours: number | null;
  @ApiProperty({ example: 420.25, description: 'the meter’s increase' }) usageHours: number;
}

class MachinesView {
  @ApiProperty({ type: MachineOverallView }) overall: MachineOverallView;
  @ApiProperty({ type: [MachineLineView], description: 'GET /machines/:id/metrics of each machine, up to now' }) items: MachineLineView[];
}

export class ReportFiguresView {
  @ApiProperty({ format: 'date-time', example: '2025-08-31T22:00:00.000Z' }) from: string;
  @ApiProperty({ format: 'date-time', example: '2026-08-31T22:00:00.000Z', description: 'excluded' }) to: string;
  @ApiProperty({ example: 2025, description: 'the calendar year the period starts in (age bands, pseudonyms)' }) year: number;
  @ApiProperty({ example: 500, description: 'young people reached: enrolled, a step validated or checked in during the period; once each' }) reached: number;
  @ApiProperty({ example: 380, description: 'reached in the period and never before it' }) newcomers: number;
  @ApiProperty({ example: 320, description: 'reached and living in a priority neighbourhood' }) qpv: number;
  @ApiProperty({ type: Number, nullable: true, example: 64, description: 'qpv ÷ reached × 100, one decimal; null when nobody reached' }) qpvSharePct: number | null;
  @ApiProperty({ example: 60, description: 'REPORT_QPV_THRESHOLD_PCT' }) qpvThresholdPct: number;
  @ApiProperty({ type: Boolean, nullable: true, description: 'qpvSharePct ≥ qpvThresholdPct' }) meetsQpvThreshold: boolean | null;
  @ApiProperty({ type: Number, nullable: true, example: 67.3 }) positiveExitRatePct: number | null;
  @ApiProperty({ example: 40 }) outcomeMissing: number;
  @ApiProperty({ type: Number, nullable: true, example: 180000, description: 'euros: yearly budgets prorated by days; null when a year of the period has none, and in a partner’s report' })
  budget: number | null;
  @ApiProperty({ type: Number, nullable: true, example: 360, description: 'budget ÷ reached, to the cent' }) costPerYoungPerson: number | null;
  @ApiProperty({ type: PublicView }) public: PublicView;
  @ApiProperty({ type: ActivityView }) activity: ActivityView;
  @ApiProperty({ type: ResultsView }) results: ResultsView;
  @ApiProperty({ type: MachinesView, nullable: true, description: 'null in a partner’s report' }) machines: MachinesView | null;
}

class ReportScopeView {
  @ApiProperty({ type: String, nullable: true, format: 'uuid', description: 'null: a trainer with no partner (an empty report)' }) partnerId: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'Mission locale' }) partnerName: string | null;
}

export class PeriodReportView extends ReportFiguresView {
  @ApiProperty({ type: ReportScopeView, nullable: true, description: 'null: all young people; a trainer’s report: those their partner referred' })
  scope: ReportScopeView | null;
  @ApiProperty({ type: ReportFiguresView, description: 'the same figures, the same period one year earlier' }) previous: ReportFiguresView;
  @ApiProperty({ format: 'date-time' }) asOf: string;
}

export class BudgetView {
  @ApiProperty({ example: 2026 }) year: number;
  @ApiPropertyOptional({ type: Number, nullable: true, example: 180000, description: 'euros; null when not set' }) amount: number | null;
}
