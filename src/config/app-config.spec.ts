import { describe, expect, it } from '@jest/globals';
import { ConfigError, loadConfig } from './app-config.js';

describe('loadConfig', () => {
  it('applies the documented defaults', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      port: 3000,
      database: { type: 'sqlite', path: 'data/fablab.sqlite' },
      redisUrl: 'redis://127.0.0.1:6379',
      queuePrefix: 'fablab',
      runMode: 'all',
      timezone: 'Europe/Paris',
      reminderLeadMinutes: [1440, 120],
      inactivityDays: 21,
      statsCacheSeconds: 30,
      progressCacheSeconds: 10,
      scheduledSweeps: true,
      retentionYears: 3,
      notificationLocale: 'fr',
      dataDir: 'data',
      evidenceDir: 'data/evidence',
      evidenceMaxBytes: 10 * 1024 * 1024,
      reportQpvThresholdPct: 60,
      reportPositiveOutcomes: ['employment', 'training', 'school_return', 'civic_service', 'business_creation'],
    });
    expect(config.runsApi && config.runsWorkers).toBe(true);
  });

  it('reads PostgreSQL URLs, run modes and lead times', () => {
    const config = loadConfig({
      DATABASE_URL: 'postgres://u:p@db:5432/fablab',
      RUN_MODE: 'worker',
      REMINDER_LEAD_MINUTES: '60, 1440,60',
      PORT: '8080',
    });
    expect(config.database).toEqual({ type: 'postgres', url: 'postgres://u:p@db:5432/fablab' });
    expect(config.runsApi).toBe(false);
    expect(config.runsWorkers).toBe(true);
    expect(config.reminderLeadMinutes).toEqual([1440, 60]);
    expect(config.port).toBe(8080);
  });

  it('reads SCHEDULED_SWEEPS=off', () => {
    expect(loadConfig({ SCHEDULED_SWEEPS: 'off' }).scheduledSweeps).toBe(false);
  });

  it('accepts 0 for STATS_CACHE_SECONDS (no cache)', () => {
    expect(loadConfig({ STATS_CACHE_SECONDS: '0' }).statsCacheSeconds).toBe(0);
  });

  it('reads the report settings: QPV threshold and positive outcomes (spaces and repeats ignored)', () => {
    const config = loadConfig({ REPORT_QPV_THRESHOLD_PCT: '50', REPORT_POSITIVE_OUTCOMES: ' employment, training ,employment' });
    expect(config.reportQpvThresholdPct).toBe(50);
    expect(config.reportPositiveOutcomes).toEqual(['employment', 'training']);
  });

  it('treats empty strings as unset', () => {
    expect(loadConfig({ PORT: '', ADMIN_PASSWORD: '' }).port).toBe(3000);
  });

  it.each([
    ['PORT', 'abc'],
    ['PORT', '70000'],
    ['DATABASE_URL', 'mysql://localhost/db'],
    ['REDIS_URL', 'localhost:6379'],
    ['QUEUE_PREFIX', 'a:b'],
    ['RUN_MODE', 'both'],
    ['APP_TIMEZONE', 'Mars/Olympus'],
    ['ADMIN_EMAIL', 'admin'],
    ['ADMIN_PASSWORD', 'short'],
    ['JWT_SECRET', 'too-short'],
    ['SMTP_URL', 'http://mail'],
    ['REMINDER_LEAD_MINUTES', '1440;120'],
    ['INACTIVITY_DAYS', '0'],
    ['STATS_CACHE_SECONDS', '-1'],
    ['STATS_CACHE_SECONDS', 'soon'],
    ['PROGRESS_CACHE_SECONDS', '601'],
    ['SCHEDULED_SWEEPS', 'yes'],
    ['PROGRESS_CACHE_SECONDS', '1.5'],
    ['RETENTION_YEARS', '0'],
    ['NOTIFICATION_LOCALE', 'de'],
    ['LOG_LEVEL', 'loud'],
    ['REPORT_QPV_THRESHOLD_PCT', '101'],
    ['REPORT_QPV_THRESHOLD_PCT', 'sixty'],
    ['REPORT_POSITIVE_OUTCOMES', 'employment,holidays'],
    ['REPORT_POSITIVE_OUTCOMES', 'employment;training'],
  ])('refuses %s=%s with one line naming the variable', (name, value) => {
    const attempt = () => loadConfig({ [name]: value });
    expect(attempt).toThrow(ConfigError);
    try {
      attempt();
    } catch (error) {
      const message = (error as Error).message;
      expect(message.startsWith(`Invalid configuration: ${name} `)).toBe(true);
      expect(message).not.toContain('\n');
    }
  });

  it('never echoes a secret in the error', () => {
    expect(() => loadConfig({ ADMIN_PASSWORD: 'short' })).toThrow(/ADMIN_PASSWORD must be at least 10 characters long$/);
  });
});
