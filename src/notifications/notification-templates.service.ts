import { Injectable } from '@nestjs/common';
import { DateTime } from 'luxon';
import { AppConfig } from '../config/app-config.js';
import type { NotificationKind } from './notification-kind.js';
import { loadTemplateSet, type MessageTemplate, renderText, type TemplateSet } from './notification-templates.js';

/**
 * The templates of NOTIFICATION_LOCALE (config/notifications/<locale>.json), loaded and checked
 * at start, and the formatting of what goes into them: dates in APP_TIMEZONE, labels of enums.
 */
@Injectable()
export class NotificationTemplates {
  private readonly set: TemplateSet;

  constructor(private readonly config: AppConfig) {
    this.set = loadTemplateSet(config.notificationLocale);
  }

  render(kind: NotificationKind, vars: Record<string, string | number>): MessageTemplate {
    const template = this.set.templates[kind];
    return { title: renderText(template.title, vars).slice(0, 200), body: renderText(template.body, vars) };
  }

  /** A label of the file (`machine_status.out_of_order`), or `fallback` (the raw value) without one. */
  label(key: string, fallback = key.split('.').pop() ?? key): string {
    return this.set.labels[key] ?? fallback;
  }

  /** A label with `{{placeholders}}` filled in. */
  labelWith(key: string, vars: Record<string, string | number>): string {
    return renderText(this.label(key, ''), vars);
  }

  /** "mardi 14 janvier 2026 à 14h00", in APP_TIMEZONE. */
  dateTime(at: Date): string {
    return this.local(at).toFormat(this.label('date_format'));
  }

  time(at: Date): string {
    return this.local(at).toFormat(this.label('time_format'));
  }

  day(at: Date): string {
    return this.local(at).toFormat(this.label('day_format'));
  }

  /**
   * "dans 45 minutes", "dans 24 heures", "dans 3 jours": from `now`, rounded to the nearest unit
   * (a reminder sent a second late still says "dans 24 heures").
   */
  relative(at: Date, now: Date): string {
    const minutes = Math.round((at.getTime() - now.getTime()) / 60_000);
    const format = new Intl.RelativeTimeFormat(this.config.notificationLocale, { numeric: 'always' });
    if (Math.abs(minutes) < 60) return format.format(minutes, 'minute');
    if (Math.abs(minutes) < 48 * 60) return format.format(Math.round(minutes / 60), 'hour');
    return format.format(Math.round(minutes / 1440), 'day');
  }

  private local(at: Date): DateTime {
    return DateTime.fromJSDate(at, { zone: this.config.timezone }).setLocale(this.config.notificationLocale);
  }
}
