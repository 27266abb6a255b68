/** GET /stats/target (DESIGN.md "Yearly target and statistics"). */
export interface TargetStats {
  year: number;
  target: number;
  reached: number;
  percent: number;
  newThisYear: number;
  expectedToDate: number;
  projectedYearEnd: number;
  onTrack: boolean;
  completions: number;
  byAudience: Record<string, number>;
  byPath: Record<string, number>;
  byGender: Record<string, number>;
  byAgeBand: Record<string, number>;
  byQpv: { qpv: number; other: number };
  byPartner: Array<{ partnerId: string | null; name: string | null; count: number }>;
  monthly: Array<{ month: string; newlyReached: number; cumulative: number }>;
  /** The instant the figures were computed for. */
  asOf: string;
}
