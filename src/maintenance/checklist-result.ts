/** One checklist line of a work order: a plan's item, and whether it was done. */
export interface ChecklistResult {
  item: string;
  done: boolean;
}
