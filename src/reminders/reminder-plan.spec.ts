import { describe, expect, it } from '@jest/globals';
import { planReminders } from './reminder-plan.js';

const at = (iso: string) => new Date(iso);
const NOW = at('2026-03-10T09:00:00Z');

describe('planReminders', () => {
  it('plans one reminder per lead, each at start minus its lead', () => {
    expect(planReminders(at('2026-03-13T14:00:00Z'), [1440, 120], NOW)).toEqual({
      send: [
        { leadMinutes: 120, dueAt: at('2026-03-13T12:00:00Z') },
        { leadMinutes: 1440, dueAt: at('2026-03-12T14:00:00Z') },
      ],
      superseded: [],
    });
  });

  it('a lead already past fires at once; the later ones keep their time', () => {
    expect(planReminders(at('2026-03-10T14:00:00Z'), [1440, 120], NOW)).toEqual({
      send: [
        { leadMinutes: 1440, dueAt: NOW },
        { leadMinutes: 120, dueAt: at('2026-03-10T12:00:00Z') },
      ],
      superseded: [],
    });
  });

  it('of several leads already past, only the shortest fires (at once)', () => {
    expect(planReminders(at('2026-03-10T10:30:00Z'), [1440, 120, 60], NOW)).toEqual({
      send: [
        { leadMinutes: 120, dueAt: NOW },
        { leadMinutes: 60, dueAt: at('2026-03-10T09:30:00Z') },
      ],
      superseded: [1440],
    });
    expect(planReminders(at('2026-03-10T09:45:00Z'), [1440, 120, 60], NOW)).toEqual({
      send: [{ leadMinutes: 60, dueAt: NOW }],
      superseded: [120, 1440],
    });
  });

  it('a lead due exactly now counts as past; a booking already started gets nothing', () => {
    expect(planReminders(at('2026-03-10T11:00:00Z'), [120], NOW).send).toEqual([{ leadMinutes: 120, dueAt: NOW }]);
    expect(planReminders(NOW, [1440, 120], NOW)).toEqual({ send: [], superseded: [1440, 120] });
  });
});
