import { describe, expect, it } from '@jest/globals';
import { DomainError } from '../common/errors/domain-error.js';
import {
  allRequiredValidated,
  assertOutcomeAllowed,
  assertStepsCanProgress,
  nextEnrollmentStatus,
  nextStepStatus,
  progressPct,
} from './enrollment-rules.js';
import type { EnrollmentStatus } from './enrollment-status.js';

const codeOf = (fn: () => unknown): string | null => {
  try {
    fn();
    return null;
  } catch (error) {
    return (error as DomainError).code;
  }
};

describe('enrolment transitions', () => {
  it('pauses, resumes, withdraws and completes from the right states only', () => {
    expect(nextEnrollmentStatus('active', 'pause')).toBe('paused');
    expect(nextEnrollmentStatus('paused', 'resume')).toBe('active');
    expect(nextEnrollmentStatus('active', 'withdraw')).toBe('withdrawn');
    expect(nextEnrollmentStatus('paused', 'withdraw')).toBe('withdrawn');
    expect(nextEnrollmentStatus('active', 'complete')).toBe('completed');
    const illegal: [EnrollmentStatus, 'pause' | 'resume' | 'withdraw' | 'complete'][] = [
      ['paused', 'pause'],
      ['active', 'resume'],
      ['completed', 'pause'],
      ['completed', 'withdraw'],
      ['withdrawn', 'resume'],
      ['withdrawn', 'withdraw'],
      ['paused', 'complete'],
    ];
    for (const [status, action] of illegal) {
      expect(codeOf(() => nextEnrollmentStatus(status, action))).toBe('INVALID_TRANSITION');
    }
  });

  it('lets steps move on active and completed enrolments only', () => {
    expect(codeOf(() => assertStepsCanProgress('active'))).toBeNull();
    expect(codeOf(() => assertStepsCanProgress('completed'))).toBeNull();
    expect(codeOf(() => assertStepsCanProgress('paused'))).toBe('INVALID_TRANSITION');
    expect(codeOf(() => assertStepsCanProgress('withdrawn'))).toBe('INVALID_TRANSITION');
  });

  it('records an outcome after the path only', () => {
    expect(codeOf(() => assertOutcomeAllowed('completed'))).toBeNull();
    expect(codeOf(() => assertOutcomeAllowed('withdrawn'))).toBeNull();
    expect(codeOf(() => assertOutcomeAllowed('active'))).toBe('INVALID_TRANSITION');
  });
});

describe('step transitions', () => {
  it('submits (again), validates, rejects a submission', () => {
    expect(nextStepStatus('todo', 'submit')).toBe('submitted');
    expect(nextStepStatus('submitted', 'submit')).toBe('submitted');
    expect(nextStepStatus('todo', 'validate')).toBe('validated');
    expect(nextStepStatus('submitted', 'validate')).toBe('validated');
    expect(nextStepStatus('submitted', 'reject')).toBe('todo');
  });

  it('refuses to touch a validated step or reject what was not submitted', () => {
    expect(codeOf(() => nextStepStatus('validated', 'submit'))).toBe('INVALID_TRANSITION');
    expect(codeOf(() => nextStepStatus('validated', 'validate'))).toBe('INVALID_TRANSITION');
    expect(codeOf(() => nextStepStatus('validated', 'reject'))).toBe('INVALID_TRANSITION');
    expect(codeOf(() => nextStepStatus('todo', 'reject'))).toBe('INVALID_TRANSITION');
  });
});

describe('progress', () => {
  const required = ['a', 'b', 'c'];
  it('counts validated required steps, rounding down', () => {
    expect(progressPct('active', required, new Set())).toBe(0);
    expect(progressPct('active', required, new Set(['a', 'x']))).toBe(33);
    expect(progressPct('active', required, new Set(['a', 'b']))).toBe(66);
    expect(progressPct('completed', required, new Set(['a']))).toBe(100);
    expect(progressPct('active', [], new Set())).toBe(0);
  });

  it('is complete when every required step is validated', () => {
    expect(allRequiredValidated(required, new Set(['a', 'b']))).toBe(false);
    expect(allRequiredValidated(required, new Set(['a', 'b', 'c', 'x']))).toBe(true);
    expect(allRequiredValidated([], new Set(['a']))).toBe(false);
  });
});
