import { join } from 'node:path';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { EnvironmentVariables, type LogLevel, type NotificationLocale, type RunMode } from './environment-variables.js';

export type DatabaseConfig =
  | { type: 'sqlite'; path: string }
  | { type: 'postgres'; url: string };

/** Thrown when the environment is invalid; its message is one line naming the variable. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Typed, validated configuration. Injected everywhere by its class. */
export class AppConfig {
  readonly port: number;
  readonly database: DatabaseConfig;
  readonly redisUrl: string;
  readonly queuePrefix: string;
  readonly runMode: RunMode;
  readonly timezone: string;
  readonly adminEmail?: string;
  readonly adminPassword?: string;
  readonly jwtSecret?: string;
  readonly smtpUrl?: string;
  readonly smtpFrom: string;
  readonly reminderLeadMinutes: number[];
  readonly inactivityDays: number;
  /** How long computed statistics (GET /stats/target) are served before being recomputed; 0: never cached. */
  readonly statsCacheSeconds: number;
  /**
   * Whether this process's workers schedule the calendar jobs (daily sweeps, weekly digest,
   * nightly token purge). Off: they run only when asked (POST /admin/jobs/:name/run) and are
   * removed from Redis; the outbox reconcile (every 5 minutes) runs regardless.
   */
  readonly scheduledSweeps: boolean;
  /** Express's `trust proxy`: whose X-Forwarded-For/-Proto/-Host to believe (client IP, scheme, host). */
  readonly trustProxy: boolean | number | string;
  /**
   * The longest a learner's GET /me/progress is served from memory. Any write of this process
   * makes it stale at once; this bounds what other processes' writes take to show. 0: never kept.
   */
  readonly progressCacheSeconds: number;
  /** A web session idle this long ends. */
  readonly webSessionIdleMinutes: number;
  /** Participants without any activity for this many years are anonymised by the retention sweep. */
  readonly retentionYears: number;
  /** The report's QPV share requirement, in percent (REPORT_QPV_THRESHOLD_PCT). */
  readonly reportQpvThresholdPct: number;
  /** Outcomes counted as positive exits by the report (REPORT_POSITIVE_OUTCOMES), without duplicates. */
  readonly reportPositiveOutcomes: string[];
  readonly notificationLocale: NotificationLocale;
  readonly logLevel: LogLevel;
  readonly dataDir: string;
  /** Where step photos are stored (EVIDENCE_DIR, or DATA_DIR/evidence). */
  readonly evidenceDir: string;
  /** The largest photo accepted as evidence, in bytes. */
  readonly evidenceMaxBytes: number;
  readonly learningPathsDir: string;

  constructor(env: EnvironmentVariables) {
    this.port = env.PORT;
    this.database = env.DATABASE_URL.startsWith('sqlite:')
      ? { type: 'sqlite', path: env.DATABASE_URL.slice('sqlite:'.length) }
      : { type: 'postgres', url: env.DATABASE_URL };
    this.redisUrl = env.REDIS_URL;
    this.queuePrefix = env.QUEUE_PREFIX;
    this.runMode = env.RUN_MODE;
    this.timezone = env.APP_TIMEZONE;
    this.adminEmail = env.ADMIN_EMAIL?.toLowerCase();
    this.adminPassword = env.ADMIN_PASSWORD;
    this.jwtSecret = env.JWT_SECRET;
    this.smtpUrl = env.SMTP_URL;
    this.smtpFrom = env.SMTP_FROM ?? 'fablab@localhost';
    this.reminderLeadMinutes = [
      ...new Set(env.REMINDER_LEAD_MINUTES.split(',').map((v) => Number(v.trim()))),
    ].sort((a, b) => b - a);
    this.inactivityDays = env.INACTIVITY_DAYS;
    this.statsCacheSeconds = env.STATS_CACHE_SECONDS;
    this.scheduledSweeps = env.SCHEDULED_SWEEPS === 'on';
    const trust = env.TRUST_PROXY.trim();
    this.trustProxy = trust === 'false' ? false : trust === 'true' ? true : /^\d+$/.test(trust) ? Number(trust) : trust;
    this.progressCacheSeconds = env.PROGRESS_CACHE_SECONDS;
    this.webSessionIdleMinutes = env.WEB_SESSION_IDLE_MINUTES;
    this.retentionYears = env.RETENTION_YEARS;
    this.reportQpvThresholdPct = env.REPORT_QPV_THRESHOLD_PCT;
    this.reportPositiveOutcomes = [...new Set(env.REPORT_POSITIVE_OUTCOMES.split(',').map((v) => v.trim()))];
    this.notificationLocale = env.NOTIFICATION_LOCALE;
    this.logLevel = env.LOG_LEVEL;
    this.dataDir = env.DATA_DIR;
    this.evidenceDir = env.EVIDENCE_DIR || join(env.DATA_DIR, 'evidence');
    this.evidenceMaxBytes = env.EVIDENCE_MAX_BYTES;
    this.learningPathsDir = env.LEARNING_PATHS_DIR;
  }

  get runsApi(): boolean {
    return this.runMode !== 'worker';
  }

  get runsWorkers(): boolean {
    return this.runMode !== 'api';
  }
}

/**
 * Builds the configuration from an environment (process.env in production, a plain object in
 * tests). Empty strings count as unset. Throws ConfigError naming the first bad variable.
 */
export function loadConfig(source: Record<string, string | undefined>): AppConfig {
  const known = Object.keys(new EnvironmentVariables());
  const optional = ['ADMIN_EMAIL', 'ADMIN_PASSWORD', 'JWT_SECRET', 'SMTP_URL', 'SMTP_FROM'];
  const picked: Record<string, string> = {};
  for (const key of [...known, ...optional]) {
    const value = source[key];
    if (value !== undefined && value !== '') picked[key] = value;
  }
  const env = plainToInstance(EnvironmentVariables, picked);
  const errors = validateSync(env, { whitelist: true, forbidUnknownValues: false });
  if (errors.length > 0) {
    const first = errors[0];
    const message = Object.values(first.constraints ?? {})[0] ?? 'is invalid';
    const shown = first.property.includes('PASSWORD') || first.property.includes('SECRET')
      ? ''
      : ` (got "${String(picked[first.property])}")`;
    throw new ConfigError(`Invalid configuration: ${first.property} ${message}${shown}`);
  }
  return new AppConfig(env);
}
