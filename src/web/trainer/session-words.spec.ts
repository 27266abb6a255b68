import { describe, expect, it } from '@jest/globals';
import { isStartClock } from './session-words.js';

describe('a start time from a form', () => {
  it('is HH:MM within the day', () => {
    for (const ok of ['00:00', '09:15', '23:45']) expect(isStartClock(ok)).toBe(true);
    for (const bad of ['24:00', '25:00', '12:60', '9:00', '09:00:00', '', 'midi']) expect(isStartClock(bad)).toBe(false);
  });
});
