/**
 * Machine categories (DESIGN.md enumerations). Shared by machines, learning-path steps and
 * qualifications: a qualification is held per category, not per machine.
 */
export const MACHINE_CATEGORIES = [
  'fdm_printer',
  'resin_printer',
  'laser_cutter',
  'cnc_router',
  'vinyl_cutter',
  'embroidery',
  'heat_press',
  'electronics',
  'other',
] as const;
export type MachineCategory = (typeof MACHINE_CATEGORIES)[number];
