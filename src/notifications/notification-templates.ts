import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { NotificationLocale } from '../config/environment-variables.js';
import { NOTIFICATION_KINDS, type NotificationKind } from './notification-kind.js';

export interface MessageTemplate {
  title: string;
  body: string;
}

export interface TemplateSet {
  templates: Record<NotificationKind, MessageTemplate>;
  labels: Record<string, string>;
}

/** What each kind's template may use; every kind also has `name` (the recipient's display name). */
export const TEMPLATE_PLACEHOLDERS: Record<NotificationKind, readonly string[]> = {
  booking_reminder: ['machine', 'booking', 'start', 'end', 'delay'],
  booking_cancelled: ['machine', 'booking', 'start', 'end', 'reason'],
  booking_moved: ['machine', 'booking', 'start', 'end', 'previous'],
  booking_affected: ['machine', 'booking', 'start', 'end', 'cause'],
  maintenance_due: ['machine', 'code', 'plan', 'reason'],
  machine_down: ['machine', 'code', 'status', 'reason'],
  machine_back: ['machine', 'code', 'status', 'reason'],
  inactivity_nudge: ['path', 'days', 'nextStep'],
  participant_stalled: ['participant', 'path', 'days', 'nextStep'],
  step_validated: ['step', 'path', 'progress', 'nextStep'],
  path_completed: ['path'],
  qualification_expiring: ['category', 'expires'],
  target_digest: ['year', 'reached', 'target', 'percent', 'expected', 'projected', 'pace'],
};

/** Labels the code looks up (besides the per-enum ones, which fall back to the raw value). */
const REQUIRED_LABELS = ['date_format', 'time_format', 'day_format'];

const PLACEHOLDER = /\{\{\s*([A-Za-z][A-Za-z0-9_]*)\s*\}\}/g;

export const templatesFile = (locale: NotificationLocale): string =>
  fileURLToPath(new URL(`../../config/notifications/${locale}.json`, import.meta.url));

/** The placeholders a text uses. */
export const placeholdersOf = (text: string): string[] => [...text.matchAll(PLACEHOLDER)].map((m) => m[1]);

/**
 * Checks a template document: every kind has a non-empty title and body using only its
 * placeholders; the required labels exist. Returns the problems (empty when fine).
 */
export function checkTemplateSet(document: unknown): string[] {
  const problems: string[] = [];
  const doc = document as Partial<TemplateSet> | null;
  if (!doc || typeof doc !== 'object' || typeof doc.templates !== 'object' || doc.templates === null) {
    return ['"templates" must be an object with one entry per kind'];
  }
  for (const kind of NOTIFICATION_KINDS) {
    const template = (doc.templates as Record<string, MessageTemplate | undefined>)[kind];
    if (!template || typeof template.title !== 'string' || typeof template.body !== 'string' || !template.title.trim() || !template.body.trim()) {
      problems.push(`templates.${kind} needs a title and a body`);
      continue;
    }
    const allowed = new Set(['name', ...TEMPLATE_PLACEHOLDERS[kind]]);
    for (const used of [...placeholdersOf(template.title), ...placeholdersOf(template.body)]) {
      if (!allowed.has(used)) problems.push(`templates.${kind} uses unknown placeholder {{${used}}}`);
    }
  }
  const labels = (doc.labels ?? {}) as Record<string, unknown>;
  for (const key of REQUIRED_LABELS) {
    if (typeof labels[key] !== 'string') problems.push(`labels.${key} is missing`);
  }
  return problems;
}

/** Reads and checks config/notifications/<locale>.json; a broken file stops the start with its problems. */
export function loadTemplateSet(locale: NotificationLocale, file = templatesFile(locale)): TemplateSet {
  const document = JSON.parse(readFileSync(file, 'utf8')) as unknown;
  const problems = checkTemplateSet(document);
  if (problems.length > 0) throw new Error(`Invalid ${file}: ${problems.join('; ')}`);
  return document as TemplateSet;
}

/** `{{placeholder}}` substitution; an unknown or missing value renders as nothing. */
export function renderText(text: string, vars: Record<string, string | number>): string {
  return text.replace(PLACEHOLDER, (_match, key: string) => (vars[key] === undefined ? '' : String(vars[key])));
}
