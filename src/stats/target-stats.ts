import { ApiProperty } from '@nestjs/swagger';

const COUNTS = (description: string, example: Record<string, number>) =>
  ({ type: 'object', additionalProperties: { type: 'integer', minimum: 0 }, description, example }) as const;

export class QpvCounts {
  @ApiProperty({ type: 'integer', description: 'living in a priority neighbourhood (QPV)' })
  qpv: number;

  @ApiProperty({ type: 'integer' })
  other: number;
}

export class PartnerCount {
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'null: referred by no partner' })
  partnerId: string | null;

  @ApiProperty({ type: String, nullable: true })
  name: string | null;

  @ApiProperty({ type: 'integer' })
  count: number;
}

export class MonthlyReach {
  @ApiProperty({ example: '2026-03', pattern: '^[0-9]{4}-[0-9]{2}$' })
  month: string;

  @ApiProperty({ type: 'integer', description: 'young people whose first activity of the year falls in this month' })
  newlyReached: number;

  @ApiProperty({ type: 'integer' })
  cumulative: number;
}

/** GET /stats/target (DESIGN.md "Yearly target and statistics"). */
export class TargetStats {
  @ApiProperty({ type: 'integer', example: 2026 })
  year: number;

  @ApiProperty({ type: 'integer', example: 500 })
  target: number;

  @ApiProperty({ type: 'integer', description: 'young people reached in the year' })
  reached: number;

  @ApiProperty({ description: 'reached / target × 100, one decimal' })
  percent: number;

  @ApiProperty({ type: 'integer', description: 'reached this year and never before' })
  newThisYear: number;

  @ApiProperty({ type: 'integer', description: 'the target’s pace at this date' })
  expectedToDate: number;

  @ApiProperty({ type: 'integer' })
  projectedYearEnd: number;

  @ApiProperty({ description: 'reached ≥ expectedToDate' })
  onTrack: boolean;

  @ApiProperty({ type: 'integer', description: 'enrolments completed in the year' })
  completions: number;

  @ApiProperty(COUNTS('per audience', { insertion: 210, dropout: 80, pupil: 150, other: 12 }))
  byAudience: Record<string, number>;

  @ApiProperty(COUNTS('per path code the young people were active in', { EXPERIMENTER: 150, APPRENDRE: 120, FABRIQUER: 90, PARTAGER: 10 }))
  byPath: Record<string, number>;

  @ApiProperty(COUNTS('per gender', { female: 200, male: 230, nonbinary: 5, undisclosed: 17 }))
  byGender: Record<string, number>;

  @ApiProperty(COUNTS('per age band in the year: <15, 15-17, 18-25, 26+', { '<15': 120, '15-17': 90, '18-25': 220, '26+': 22 }))
  byAgeBand: Record<string, number>;

  @ApiProperty({ type: QpvCounts })
  byQpv: QpvCounts;

  @ApiProperty({ type: [PartnerCount], description: 'most first' })
  byPartner: PartnerCount[];

  @ApiProperty({ type: [MonthlyReach], description: 'the months that have begun' })
  monthly: MonthlyReach[];

  @ApiProperty({ format: 'date-time', description: 'the instant the figures were computed for' })
  asOf: string;
}
