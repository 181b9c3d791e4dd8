import 'reflect-metadata';
import { plainToInstance, Transform } from 'class-transformer';
import { parseSlotModel } from '../scheduling/solver/slots.js';
import { resolveWeights } from '../scheduling/solver/cost.js';
import type { SlotModel, Weights } from '../scheduling/solver/types.js';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength, validateSync } from 'class-validator';

const toInt = ({ value }: { value: unknown }) => (value === undefined || value === '' ? undefined : Number(value));

/**
 * Every setting the platform reads from the environment, typed and validated once at start-up.
 * A missing or bad value stops the start with a message naming the variable.
 */
export class AppConfig {
  @IsIn(['development', 'production', 'test'])
  NODE_ENV: 'development' | 'production' | 'test' = 'development';

  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

  @IsString()
  HOST = '0.0.0.0';

  /** External PostgreSQL; when unset an embedded PostgreSQL is started under DATA_DIR. */
  @IsOptional()
  @Matches(/^postgres(ql)?:\/\//, { message: 'DATABASE_URL must be a postgres:// URL' })
  DATABASE_URL?: string;

  /** Schema the tables live in (tests use one fresh schema per file). */
  @Matches(/^[a-z_][a-z0-9_]{0,62}$/, { message: 'DATABASE_SCHEMA must be a lower-case SQL identifier' })
  DATABASE_SCHEMA = 'public';

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(200)
  DATABASE_POOL_SIZE = 20;

  /**
   * `on`: hot reads run as named prepared statements (planned once per connection). `off`: unnamed ones, for a
   * pooler that hands each transaction another server connection (PgBouncer before 1.21 in transaction mode).
   */
  @IsIn(['on', 'off'])
  DATABASE_PREPARED_STATEMENTS: 'on' | 'off' = 'on';

  @IsString()
  DATA_DIR = './.data';

  @Transform(toInt)
  @IsInt()
  @Min(1024)
  @Max(65535)
  EMBEDDED_PG_PORT = 54320;

  @IsIn(['on', 'off'])
  DEMO_DATA: 'on' | 'off' = 'on';

  /** Secret signing the bearer tokens; generated and kept under DATA_DIR when unset. */
  @IsOptional()
  @IsString()
  @MinLength(32, { message: 'JWT_SECRET must be at least 32 characters' })
  JWT_SECRET?: string;

  @Transform(toInt)
  @IsInt()
  @Min(60)
  @Max(7 * 24 * 3600)
  JWT_TTL_SECONDS = 8 * 3600;

  /**
   * The first admin, as the operator chose it: any name and password the login form takes. A weak password is
   * warned of at start-up, not refused: refusing would leave the operator with no admin at all.
   */
  @IsOptional()
  @IsString()
  @MaxLength(100)
  INITIAL_ADMIN_USERNAME?: string;

  @IsOptional()
  @IsString()
  @MaxLength(200)
  INITIAL_ADMIN_PASSWORD?: string;

  /** Wrong passwords one address may try on one username before it must wait (a minute, doubling while it keeps trying). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  LOGIN_ATTEMPTS_PER_MINUTE = 10;

  /** Wrong passwords one address may try in an hour, over all usernames (against trying one password on many names). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  LOGIN_FAILURES_PER_ADDRESS_PER_HOUR = 300;

  /**
   * Which proxies' X-Forwarded-For to believe for the client's address: `off` (none: the address is the
   * connection's), a hop count, or Express's list of addresses/subnets (`loopback`, `10.0.0.0/8, 127.0.0.1`).
   */
  @Matches(/^(off|\d{1,2}|[\w.:/]+(\s*,\s*[\w.:/]+)*)$/, { message: 'TRUST_PROXY must be off, a hop count or a list of addresses' })
  TRUST_PROXY = 'off';

  /** How long a client may take to send a whole request (headers within 10 s at most), so a trickled body cannot hold a socket. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(600)
  REQUEST_TIMEOUT_SECONDS = 30;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  REQUESTS_PER_MINUTE = 1200;

  /** Sign-ins one lecture's code takes in an hour, from everyone (a full hall, with room to spare). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  SIGN_IN_PER_CODE_PER_HOUR = 1000;

  /**
   * Sign-ins one address may send with one code in an hour: a hall of 500 behind one village's shared address (its
   * Wi-Fi, a carrier's NAT), each signing in once, all within a minute if they like.
   */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  SIGN_IN_PER_ADDRESS_PER_HOUR = 500;

  /**
   * An S3-compatible bucket for evidence photos (AWS S3, MinIO, Aliyun OSS …); unset: files under DATA_DIR/evidence.
   * With it, EVIDENCE_S3_REGION, and EVIDENCE_S3_ACCESS_KEY_ID and EVIDENCE_S3_SECRET_ACCESS_KEY together (else the SDK's own chain).
   */
  @IsOptional()
  @Matches(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, {
    message: 'EVIDENCE_S3_BUCKET must be a bucket name (3-63 lower-case letters, digits, . and -)',
  })
  EVIDENCE_S3_BUCKET?: string;

  /** The S3 endpoint of a non-AWS service, e.g. https://minio.example:9000 (path-style addressing is used with it). */
  @IsOptional()
  @Matches(/^https?:\/\/[^\s/]+(\/.*)?$/, { message: 'EVIDENCE_S3_ENDPOINT must be an http(s) URL' })
  EVIDENCE_S3_ENDPOINT?: string;

  @IsOptional()
  @IsString()
  @MinLength(1)
  EVIDENCE_S3_REGION?: string;

  @IsOptional()
  @IsString()
  @MinLength(1)
  EVIDENCE_S3_ACCESS_KEY_ID?: string;

  @IsOptional()
  @IsString()
  @MinLength(1)
  EVIDENCE_S3_SECRET_ACCESS_KEY?: string;

  /** Key prefix inside the bucket, so that one bucket can serve several installations. */
  @Matches(/^([\w.-]+\/)*$/, { message: 'EVIDENCE_S3_PREFIX must be empty or path segments ending in /' })
  EVIDENCE_S3_PREFIX = 'evidence/';

  /** How long a lecturer has to answer an offer. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  OFFER_TTL_MINUTES = 48 * 60;

  /** When expired offers are returned to pending: a crontab time of the job queue (minute granularity). */
  @Matches(/^\S+( \S+){4}$/, { message: 'OFFER_SWEEP_CRON must be a crontab time of five fields' })
  OFFER_SWEEP_CRON = '* * * * *';

  /** `on`: this instance runs the job queue (deliveries, timed notifications, the offer sweep); `off`: it only serves requests. */
  @IsIn(['on', 'off'])
  JOB_QUEUE: 'on' | 'off' = 'on';

  /** How many jobs this instance runs at once. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(50)
  JOB_QUEUE_CONCURRENCY = 4;

  /** How often an idle instance looks for jobs that became due (new jobs wake it at once). */
  @Transform(toInt)
  @IsInt()
  @Min(50)
  @Max(60_000)
  JOB_QUEUE_POLL_MS = 2000;

  /**
   * How long a webhook receiver, the SMTP server or the SMS gateway may take to connect, to answer and between
   * pieces of its answer before the attempt counts as failed (and is retried); one that failed only after half of
   * it rests (ReceiverRests).
   */
  @Transform(toInt)
  @IsInt()
  @Min(100)
  @Max(120_000)
  DELIVERY_TIMEOUT_MS = 10_000;

  /** SMTP server for e-mail, e.g. smtps://user:pass@smtp.example.cn:465; unset: no e-mail is sent (such deliveries fail, listed for admins). */
  @IsOptional()
  @Matches(/^smtps?:\/\//, { message: 'SMTP_URL must be an smtp:// or smtps:// URL' })
  SMTP_URL?: string;

  /**
   * How people reach the organisation department (市委组织部 0470-8221234): shown where a page asks a lecturer to
   * contact it (to be sent someone else, to change what the office keeps). Unset: the pages say only to contact it.
   */
  @IsOptional()
  @IsString()
  @MaxLength(100)
  OFFICE_CONTACT?: string;

  /** Where people reach the pages: e-mails, sign-in QR codes and calendar feeds link there (publicOrigin). */
  @IsOptional()
  @Matches(/^https?:\/\/[^/]+$/, { message: 'PUBLIC_URL must be an http(s) origin without a path' })
  PUBLIC_URL?: string;

  @IsString()
  MAIL_FROM = '草原先锋讲师 <noreply@grassland-pioneer.local>';

  /** The SMS gateway: Aliyun SMS, Tencent Cloud SMS, or none (no SMS is sent). */
  @IsIn(['none', 'aliyun', 'tencent'])
  SMS_PROVIDER: 'none' | 'aliyun' | 'tencent' = 'none';

  /** The gateway's host (default: the provider's public endpoint), e.g. dysmsapi.aliyuncs.com or sms.tencentcloudapi.com. */
  @IsOptional()
  @IsString()
  SMS_ENDPOINT?: string;

  @IsIn(['https', 'http'])
  SMS_PROTOCOL: 'https' | 'http' = 'https';

  @IsOptional()
  @IsString()
  SMS_ACCESS_KEY_ID?: string;

  @IsOptional()
  @IsString()
  SMS_ACCESS_KEY_SECRET?: string;

  /** The approved signature (签名) the messages go out under. */
  @IsOptional()
  @IsString()
  SMS_SIGN_NAME?: string;

  /** Tencent Cloud only: the SMS application's SdkAppId. */
  @IsOptional()
  @IsString()
  SMS_SDK_APP_ID?: string;

  @IsString()
  SMS_REGION = 'ap-guangzhou';

  /** The approved template (模板) of each event as JSON, e.g. {"order.offered":"SMS_1234"}; an event without one is not sent by SMS. */
  @IsOptional()
  @IsString()
  SMS_TEMPLATES?: string;

  /** Average speed across the grassland, for the travel time blocked around on-site lectures. */
  @Transform(toInt)
  @IsInt()
  @Min(10)
  @Max(200)
  TRAVEL_SPEED_KMH = 60;

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';

  /** `pretty` (readable lines), `json` (one JSON object a line, for log collectors) or `auto`: pretty on a terminal. */
  @IsIn(['auto', 'pretty', 'json'])
  LOG_FORMAT = 'auto';

  /** The scheduler's day parts as JSON, e.g. [{"name":"day","start":"09:00","formats":["on_site","field","mobile"]}]. */
  @IsOptional()
  @IsString()
  SCHEDULING_DAY_PARTS?: string;

  /** Nights a lecturer may spend away from home on a tour (巡回宣讲); 0 plans no tours. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(14)
  SCHEDULING_TOUR_MAX_NIGHTS = 3;

  /**
   * Milliseconds a run's tour search may take (巡回宣讲): past it, the run takes the best plan and bound
   * found so far. 0 (the default): no limit, so that a run plans what its dry run showed — a budget cuts the
   * search where the machine's speed puts it.
   */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  SCHEDULING_TOUR_TIME_BUDGET_MS = 0;

  /** Overrides of the scheduler's cost weights as JSON, e.g. {"travelPerKm": 2}. */
  @IsOptional()
  @IsString()
  SCHEDULING_WEIGHTS?: string;

  /** Parsed SCHEDULING_DAY_PARTS (validated in loadConfig), or undefined for the default grid. */
  slotModel(): SlotModel | undefined {
    return this.SCHEDULING_DAY_PARTS ? { parts: JSON.parse(this.SCHEDULING_DAY_PARTS) as SlotModel['parts'] } : undefined;
  }

  /** Where the links of e-mails lead: PUBLIC_URL, else this machine's own port (a demo on one machine). */
  publicOrigin(): string {
    return this.PUBLIC_URL ?? `http://localhost:${this.PORT}`;
  }

  /** TRUST_PROXY as Express's `trust proxy` setting. */
  trustProxy(): false | number | string {
    if (this.TRUST_PROXY === 'off') return false;
    return /^\d+$/.test(this.TRUST_PROXY) ? Number(this.TRUST_PROXY) : this.TRUST_PROXY;
  }

  /** Parsed SMS_TEMPLATES: event → template code. */
  smsTemplates(): Record<string, string> {
    return this.SMS_TEMPLATES ? (JSON.parse(this.SMS_TEMPLATES) as Record<string, string>) : {};
  }

  weights(): Partial<Weights> | undefined {
    return this.SCHEDULING_WEIGHTS ? (JSON.parse(this.SCHEDULING_WEIGHTS) as Partial<Weights>) : undefined;
  }
}

/** The scheduler's settings must parse and make sense, or the start stops naming them. */
function checkScheduling(config: AppConfig): string[] {
  const problems: string[] = [];
  try {
    const model = config.slotModel();
    if (model) parseSlotModel(model);
  } catch (err) {
    problems.push(`  SCHEDULING_DAY_PARTS: ${err instanceof Error ? err.message : String(err)}`);
  }
  try {
    resolveWeights(config.weights());
  } catch (err) {
    problems.push(`  SCHEDULING_WEIGHTS: ${err instanceof Error ? err.message : String(err)}`);
  }
  return problems;
}

const EVIDENCE_S3_OPTIONAL = [
  'EVIDENCE_S3_BUCKET',
  'EVIDENCE_S3_ENDPOINT',
  'EVIDENCE_S3_REGION',
  'EVIDENCE_S3_ACCESS_KEY_ID',
  'EVIDENCE_S3_SECRET_ACCESS_KEY',
] as const;

/** The bucket's settings make sense together: a region with the bucket, keys in pairs, nothing without the bucket. */
function checkEvidenceS3(config: AppConfig): string[] {
  const problems: string[] = [];
  const { EVIDENCE_S3_BUCKET: bucket, EVIDENCE_S3_ACCESS_KEY_ID: keyId, EVIDENCE_S3_SECRET_ACCESS_KEY: secret } = config;
  if (!bucket) {
    const stray = EVIDENCE_S3_OPTIONAL.filter((k) => k !== 'EVIDENCE_S3_BUCKET' && config[k] !== undefined);
    if (stray.length > 0) problems.push(`  ${stray.join(', ')}: set EVIDENCE_S3_BUCKET too, or unset them`);
    return problems;
  }
  if (!config.EVIDENCE_S3_REGION) problems.push('  EVIDENCE_S3_REGION: required with EVIDENCE_S3_BUCKET');
  if (Boolean(keyId) !== Boolean(secret)) {
    problems.push('  EVIDENCE_S3_ACCESS_KEY_ID and EVIDENCE_S3_SECRET_ACCESS_KEY must be set together');
  }
  return problems;
}

/** An SMS gateway needs its keys, signature and templates, or the start stops naming what is missing. */
function checkSms(config: AppConfig): string[] {
  const problems: string[] = [];
  try {
    const templates: unknown = config.SMS_TEMPLATES ? JSON.parse(config.SMS_TEMPLATES) : {};
    if (typeof templates !== 'object' || templates === null || Object.values(templates).some((v) => typeof v !== 'string'))
      problems.push('  SMS_TEMPLATES: must be a JSON object of event → template code');
  } catch (err) {
    problems.push(`  SMS_TEMPLATES: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (config.SMS_PROVIDER === 'none') return problems;
  const needed = [
    'SMS_ACCESS_KEY_ID',
    'SMS_ACCESS_KEY_SECRET',
    'SMS_SIGN_NAME',
    ...(config.SMS_PROVIDER === 'tencent' ? ['SMS_SDK_APP_ID'] : []),
  ];
  for (const key of needed) if (!config[key as keyof AppConfig]) problems.push(`  ${key}: needed with SMS_PROVIDER=${config.SMS_PROVIDER}`);
  return problems;
}

export class ConfigError extends Error {}

/** Variables whose values are secrets: a configuration error names them but never prints them (logs are kept and shared). */
const SECRET_VARIABLE = /PASSWORD|SECRET|TOKEN|_KEY/;

/** A rejected value as the error shows it: secrets left out, a URL's credentials too. */
function shownValue(variable: string, value: unknown): string {
  if (SECRET_VARIABLE.test(variable)) return '(value not shown)';
  return JSON.stringify(typeof value === 'string' ? value.replace(/\/\/[^/@]*@/, '//***@') : value);
}

/**
 * What is wrong with one variable: a value of the wrong kind (`isInt`, `isIn`, …) is said to be so, not also out of
 * range (`PORT=abc` is not a number, rather than "greater than 65535; less than 0; not an integer").
 */
function complaints(constraints: Record<string, string>): string {
  const kind = Object.entries(constraints).filter(([name]) => /^is[A-Z]/.test(name));
  return (kind.length > 0 ? kind : Object.entries(constraints)).map(([, message]) => message).join('; ');
}

/** Reads and validates the environment; throws one error naming every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const known = Object.keys(new AppConfig());
  const raw: Record<string, unknown> = {};
  for (const key of [
    ...known,
    'DATABASE_URL',
    'JWT_SECRET',
    'INITIAL_ADMIN_USERNAME',
    'INITIAL_ADMIN_PASSWORD',
    'SCHEDULING_DAY_PARTS',
    'SCHEDULING_WEIGHTS',
    ...EVIDENCE_S3_OPTIONAL,
    'SMTP_URL',
    'OFFICE_CONTACT',
    'SMS_ENDPOINT',
    'SMS_ACCESS_KEY_ID',
    'SMS_ACCESS_KEY_SECRET',
    'SMS_SIGN_NAME',
    'SMS_SDK_APP_ID',
    'SMS_TEMPLATES',
  ]) {
    if (env[key] !== undefined && env[key] !== '') raw[key] = env[key];
  }
  const config = plainToInstance(AppConfig, raw);
  const errors = validateSync(config, { whitelist: true });
  if (errors.length > 0) {
    const lines = errors.map((e) => `  ${e.property}=${shownValue(e.property, raw[e.property])}: ${complaints(e.constraints ?? {})}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const scheduling = [...checkScheduling(config), ...checkSms(config)];
  if (scheduling.length > 0) throw new ConfigError(`Invalid configuration:\n${scheduling.join('\n')}`);
  const s3 = checkEvidenceS3(config);
  if (s3.length > 0) throw new ConfigError(`Invalid configuration:\n${s3.join('\n')}`);
  if (Boolean(config.INITIAL_ADMIN_USERNAME) !== Boolean(config.INITIAL_ADMIN_PASSWORD)) {
    throw new ConfigError('Invalid configuration:\n  INITIAL_ADMIN_USERNAME and INITIAL_ADMIN_PASSWORD must be set together');
  }
  return config;
}
