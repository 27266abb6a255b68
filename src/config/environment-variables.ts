import { Transform } from 'class-transformer';
import {
  IsEmail,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  Validate,
  ValidatorConstraint,
  type ValidatorConstraintInterface,
} from 'class-validator';
import { IANAZone } from 'luxon';

export const RUN_MODES = ['all', 'api', 'worker'] as const;
export type RunMode = (typeof RUN_MODES)[number];

/** Languages of config/notifications/<locale>.json. */
export const NOTIFICATION_LOCALES = ['fr', 'en'] as const;
export type NotificationLocale = (typeof NOTIFICATION_LOCALES)[number];

/** The contract's outcomes after a path (kept here so that configuration depends on no feature). */
const OUTCOME_NAMES = ['employment', 'training', 'school_return', 'civic_service', 'business_creation', 'none', 'unknown'];
const POSITIVE_OUTCOMES_PATTERN = new RegExp(`^\\s*(${OUTCOME_NAMES.join('|')})\\s*(,\\s*(${OUTCOME_NAMES.join('|')})\\s*)*$`);

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

@ValidatorConstraint({ name: 'timezone' })
class IsTimeZone implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    return typeof value === 'string' && IANAZone.isValidZone(value);
  }
  defaultMessage(): string {
    return 'must be an IANA time zone such as Europe/Paris';
  }
}

const toInt = ({ value }: { value: unknown }) =>
  typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value) : value;

/**
 * The process environment, checked once at start. Every variable of DESIGN.md "Configuration"
 * is here; nothing else in the code reads process.env.
 */
export class EnvironmentVariables {
  @Transform(toInt)
  @IsInt({ message: 'must be an integer between 1 and 65535' })
  @Min(1, { message: 'must be an integer between 1 and 65535' })
  @Max(65535, { message: 'must be an integer between 1 and 65535' })
  PORT = 3000;

  @Matches(/^(sqlite:.+|postgres(ql)?:\/\/.+)$/, {
    message: 'must be sqlite:PATH, sqlite::memory: or postgres://user@host:port/database',
  })
  DATABASE_URL = 'sqlite:data/fablab.sqlite';

  @Matches(/^rediss?:\/\/.+/, { message: 'must be a redis:// or rediss:// URL' })
  REDIS_URL = 'redis://127.0.0.1:6379';

  @Matches(/^[A-Za-z0-9_-]{1,64}$/, { message: 'must be 1-64 letters, digits, "-" or "_"' })
  QUEUE_PREFIX = 'fablab';

  @IsIn(RUN_MODES, { message: `must be one of ${RUN_MODES.join(', ')}` })
  RUN_MODE: RunMode = 'all';

  @IsIn(['on', 'off'], { message: 'must be on or off' })
  SCHEDULED_SWEEPS: 'on' | 'off' = 'on';

  @Validate(IsTimeZone)
  APP_TIMEZONE = 'Europe/Paris';

  /**
   * Behind a reverse proxy: which X-Forwarded-* to believe (Express's `trust proxy`): `false`,
   * `true`, a number of hops, or a comma-separated list of addresses/subnets (`loopback, 10.0.0.0/8`).
   */
  @Matches(/^(false|true|\d{1,2}|[0-9a-fA-F.:/, ]+|loopback|linklocal|uniquelocal)(\s*,\s*(loopback|linklocal|uniquelocal|[0-9a-fA-F.:/]+))*$/, {
    message: 'must be false, true, a number of hops, or a comma-separated list of addresses or subnets',
  })
  TRUST_PROXY = 'false';

  @IsOptional()
  @IsEmail({}, { message: 'must be an e-mail address' })
  ADMIN_EMAIL?: string;

  @IsOptional()
  @IsString()
  @MinLength(10, { message: 'must be at least 10 characters long' })
  ADMIN_PASSWORD?: string;

  @IsOptional()
  @IsString()
  @MinLength(32, { message: 'must be at least 32 characters long' })
  JWT_SECRET?: string;

  @IsOptional()
  @Matches(/^smtps?:\/\/.+/, { message: 'must be an smtp:// or smtps:// URL' })
  SMTP_URL?: string;

  @IsOptional()
  @IsEmail({}, { message: 'must be an e-mail address' })
  SMTP_FROM?: string;

  @Matches(/^\s*\d{1,6}\s*(,\s*\d{1,6}\s*)*$/, {
    message: 'must be a comma-separated list of minutes, e.g. 1440,120',
  })
  REMINDER_LEAD_MINUTES = '1440,120';

  @Transform(toInt)
  @IsInt({ message: 'must be a whole number of days between 1 and 365' })
  @Min(1, { message: 'must be a whole number of days between 1 and 365' })
  @Max(365, { message: 'must be a whole number of days between 1 and 365' })
  INACTIVITY_DAYS = 21;

  @Transform(toInt)
  @IsInt({ message: 'must be a whole number of seconds between 0 and 3600' })
  @Min(0, { message: 'must be a whole number of seconds between 0 and 3600' })
  @Max(3600, { message: 'must be a whole number of seconds between 0 and 3600' })
  STATS_CACHE_SECONDS = 30;

  @Transform(toInt)
  @IsInt({ message: 'must be a whole number of seconds between 0 and 600' })
  @Min(0, { message: 'must be a whole number of seconds between 0 and 600' })
  @Max(600, { message: 'must be a whole number of seconds between 0 and 600' })
  PROGRESS_CACHE_SECONDS = 10;

  /** A web session without any page asked for this long ends (a shared tablet, a lent phone). */
  @Transform(toInt)
  @IsInt({ message: 'must be a whole number of minutes between 5 and 1440' })
  @Min(5, { message: 'must be a whole number of minutes between 5 and 1440' })
  @Max(1440, { message: 'must be a whole number of minutes between 5 and 1440' })
  WEB_SESSION_IDLE_MINUTES = 60;

  @Transform(toInt)
  @IsInt({ message: 'must be a whole number of years between 1 and 50' })
  @Min(1, { message: 'must be a whole number of years between 1 and 50' })
  @Max(50, { message: 'must be a whole number of years between 1 and 50' })
  RETENTION_YEARS = 3;

  /** The share of young people from priority neighbourhoods a funder requires (the report says whether it is met). */
  @Transform(toInt)
  @IsInt({ message: 'must be a whole percentage between 0 and 100' })
  @Min(0, { message: 'must be a whole percentage between 0 and 100' })
  @Max(100, { message: 'must be a whole percentage between 0 and 100' })
  REPORT_QPV_THRESHOLD_PCT = 60;

  /** The outcomes after a path that count as positive exits (comma-separated, from the contract's outcome list). */
  @Matches(POSITIVE_OUTCOMES_PATTERN, { message: `must be a comma-separated list of outcomes among ${OUTCOME_NAMES.join(', ')}` })
  REPORT_POSITIVE_OUTCOMES = 'employment,training,school_return,civic_service,business_creation';

  @IsIn(NOTIFICATION_LOCALES, { message: `must be one of ${NOTIFICATION_LOCALES.join(', ')}` })
  NOTIFICATION_LOCALE: NotificationLocale = 'fr';

  @IsIn(LOG_LEVELS, { message: `must be one of ${LOG_LEVELS.join(', ')}` })
  LOG_LEVEL: LogLevel = 'info';

  @IsString()
  @MaxLength(500)
  DATA_DIR = 'data';

  /** Where step photos (evidence) are kept; empty: `DATA_DIR/evidence`. */
  @IsString()
  @MaxLength(500)
  EVIDENCE_DIR = '';

  /** The largest photo accepted as evidence, in bytes (10 MB by default). */
  @Transform(toInt)
  @IsInt({ message: 'must be a whole number of bytes' })
  @Min(100_000, { message: 'must be at least 100000 (bytes)' })
  @Max(100_000_000, { message: 'must be at most 100000000 (bytes)' })
  EVIDENCE_MAX_BYTES = 10 * 1024 * 1024;

  /** The editable learning-path files (one JSON per path), relative to the working directory. */
  @IsString()
  @MaxLength(500)
  LEARNING_PATHS_DIR = 'config/learning-paths';
}
