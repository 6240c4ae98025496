import { randomBytes } from 'node:crypto'
import path from 'node:path'

export const LOCALES = ['az', 'en', 'ru'] as const
export type Locale = (typeof LOCALES)[number]

export interface Config {
  port: number
  host: string
  /** Public URL the portal is reached at; links in emails are built from it. */
  baseUrl: string
  /** `postgres://…` selects PostgreSQL; anything else is a SQLite file path (or `:memory:`). */
  databaseUrl: string
  dialect: 'sqlite' | 'postgres'
  filesDir: string
  /** Where uploaded files are kept: under filesDir (local) or in an S3-compatible bucket. */
  storage: StorageConfig
  /** Empty: mail is written as .eml files under filesDir/mail (local use without an SMTP server). */
  smtpUrl: string
  mailFrom: string
  sessionSecret: string
  defaultLocale: Locale
  /** ISO 3166-1 alpha-2 code of the installation's country. */
  country: string
  timeZone: string
  /** Load demo data into an empty database on start. */
  demoData: boolean
  /** Run background jobs in this process (embedded mode). */
  worker: boolean
  /** SQLite file: worker threads reading for partner search (0: reads stay on the main connection). */
  sqliteReaders: number
  logLevel: string
  /** When set, /metrics requires `Authorization: Bearer <token>`. */
  metricsToken: string
  /** Cookies get the Secure flag and the `__Host-` prefix. Defaults to baseUrl being https. */
  secureCookies: boolean
  /**
   * Proxies whose X-Forwarded-For is believed (addresses, CIDR ranges or loopback/linklocal/uniquelocal, comma
   * separated): the client address that per-address limits count comes from them. Anyone else could claim any
   * address in that header.
   */
  trustProxy: string
  /** Past either, requests are answered 503 with Retry-After (0 turns that check off). */
  overload: {
    /** Mean event-loop delay over a second, in milliseconds. */
    maxEventLoopDelayMs: number
    /** Resident memory of the process, in MiB. */
    maxRssMb: number
  }
  /** Who must found a project together before coordinators see it (rules per installation). */
  projects: {
    /** A national project needs founders from at least this many different institutions. */
    nationalMinInstitutions: number
    /** An international project needs founders from at least this many countries. */
    internationalMinCountries: number
    /** Largest file a project member may upload to the workspace, in bytes. */
    maxUploadBytes: number
  }
  /** Quality-label rules (per installation, as national agencies set them). */
  labels: {
    /** A European label needs national labels in at least this many partner countries. */
    europeanMinCountries: number
    /** School label: years of activity on the platform, active members, national labels, and validity. */
    schoolMinYears: number
    schoolMinActiveMembers: number
    schoolMinNationalLabels: number
    schoolValidYears: number
  }
}

export type StorageConfig =
  | { backend: 'local' }
  | {
      backend: 's3'
      bucket: string
      region: string
      /** Empty: AWS's own endpoint for the region. */
      endpoint: string
      /** Both empty: the AWS SDK's default credential chain (AWS_* variables, instance role). */
      accessKeyId: string
      secretAccessKey: string
      /** `endpoint/bucket/key` instead of `bucket.endpoint/key` (MinIO and most self-hosted servers). */
      forcePathStyle: boolean
    }

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(`${variable}: ${message}`)
  }
}

type Env = Record<string, string | undefined>

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name]
  if (raw === undefined || raw === '') return fallback
  // Digits only: Number() would also take " 80", "0x50" and "1e3", which are typos rather than ports.
  const value = /^-?\d+$/.test(raw) ? Number(raw) : Number.NaN
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(name, `must be a whole number from ${min} to ${max}, got "${raw}"`)
  }
  return value
}

function flag(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name]
  if (raw === undefined || raw === '') return fallback
  if (['1', 'true', 'yes', 'on'].includes(raw.toLowerCase())) return true
  if (['0', 'false', 'no', 'off'].includes(raw.toLowerCase())) return false
  throw new ConfigError(name, `must be true or false, got "${raw}"`)
}

function url(env: Env, name: string, fallback: string, protocols: string[]): string {
  const raw = env[name] || fallback
  if (raw === '') return raw
  let parsed: URL
  try {
    parsed = new URL(raw)
  } catch {
    // The value is not echoed: database and SMTP URLs carry passwords, and this line goes to the log.
    throw new ConfigError(name, 'is not a valid URL')
  }
  if (!protocols.includes(parsed.protocol)) {
    throw new ConfigError(name, `must start with ${protocols.join(' or ')}, got "${parsed.protocol}"`)
  }
  return raw.replace(/\/+$/, '')
}

function oneOf<T extends string>(env: Env, name: string, allowed: readonly T[], fallback: T): T {
  const raw = env[name]
  if (raw === undefined || raw === '') return fallback
  if (!(allowed as readonly string[]).includes(raw)) {
    throw new ConfigError(name, `must be one of ${allowed.join(', ')}, got "${raw}"`)
  }
  return raw as T
}

function timeZone(env: Env, name: string, fallback: string): string {
  const raw = env[name] || fallback
  try {
    new Intl.DateTimeFormat('en', { timeZone: raw })
  } catch {
    throw new ConfigError(name, `is not a known IANA time zone: "${raw}"`)
  }
  return raw
}

const S3_VARIABLES = [
  'KORPU_S3_BUCKET',
  'KORPU_S3_REGION',
  'KORPU_S3_ENDPOINT',
  'KORPU_S3_ACCESS_KEY_ID',
  'KORPU_S3_SECRET_ACCESS_KEY',
  'KORPU_S3_FORCE_PATH_STYLE',
] as const

function storage(env: Env): StorageConfig {
  const backend = oneOf(env, 'KORPU_STORAGE', ['local', 's3'], 'local')
  if (backend === 'local') {
    // Settings for a bucket without KORPU_STORAGE=s3 would silently keep files on this machine's disk.
    const stray = S3_VARIABLES.find((name) => env[name])
    if (stray)
      throw new ConfigError(stray, 'is set but KORPU_STORAGE is not "s3"; set KORPU_STORAGE=s3 to use it')
    return { backend }
  }
  const bucket = env.KORPU_S3_BUCKET ?? ''
  if (bucket === '') throw new ConfigError('KORPU_S3_BUCKET', 'is required when KORPU_STORAGE=s3')
  if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket))
    throw new ConfigError('KORPU_S3_BUCKET', `is not a valid bucket name: "${bucket}"`)
  const region = env.KORPU_S3_REGION || 'us-east-1'
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(region))
    throw new ConfigError('KORPU_S3_REGION', `is not a region name such as eu-central-1: "${region}"`)
  const accessKeyId = env.KORPU_S3_ACCESS_KEY_ID ?? ''
  const secretAccessKey = env.KORPU_S3_SECRET_ACCESS_KEY ?? ''
  if ((accessKeyId === '') !== (secretAccessKey === '')) {
    const missing = accessKeyId === '' ? 'KORPU_S3_ACCESS_KEY_ID' : 'KORPU_S3_SECRET_ACCESS_KEY'
    throw new ConfigError(
      missing,
      'is required with the other key: set both or neither (the AWS default chain)',
    )
  }
  return {
    backend,
    bucket,
    region,
    endpoint: url(env, 'KORPU_S3_ENDPOINT', '', ['http:', 'https:']),
    accessKeyId,
    secretAccessKey,
    forcePathStyle: flag(env, 'KORPU_S3_FORCE_PATH_STYLE', false),
  }
}

/** Reads and validates KORPU_* variables; throws ConfigError naming the first bad one. */
export function loadConfig(env: Env = process.env): Config {
  const port = integer(env, 'KORPU_PORT', 3000, 0, 65535)
  const baseUrl = url(env, 'KORPU_BASE_URL', `http://localhost:${port}`, ['http:', 'https:'])
  const databaseUrl = env.KORPU_DATABASE_URL || path.resolve('data/korpu.db')
  const dialect = /^postgres(ql)?:\/\//.test(databaseUrl) ? 'postgres' : 'sqlite'
  if (dialect === 'postgres') url(env, 'KORPU_DATABASE_URL', databaseUrl, ['postgres:', 'postgresql:'])
  const smtpUrl = url(env, 'KORPU_SMTP_URL', '', ['smtp:', 'smtps:'])

  const production = env.NODE_ENV === 'production'
  let sessionSecret = env.KORPU_SESSION_SECRET ?? ''
  if (sessionSecret === '') {
    if (production) throw new ConfigError('KORPU_SESSION_SECRET', 'is required when NODE_ENV=production')
    // Local use only: a fresh secret per process start signs out everyone on restart, nothing worse.
    sessionSecret = randomBytes(32).toString('hex')
  } else if (sessionSecret.length < 32) {
    throw new ConfigError('KORPU_SESSION_SECRET', 'must be at least 32 characters long')
  }

  const country = (env.KORPU_COUNTRY || 'AZ').toUpperCase()
  if (!/^[A-Z]{2}$/.test(country)) {
    throw new ConfigError('KORPU_COUNTRY', `must be an ISO 3166-1 alpha-2 code such as AZ, got "${country}"`)
  }

  const mailFrom = env.KORPU_MAIL_FROM || 'Körpü <no-reply@korpu.localhost>'
  if (!/^[^@\s]+@[^@\s]+$|<[^@\s]+@[^@\s]+>$/.test(mailFrom)) {
    throw new ConfigError('KORPU_MAIL_FROM', `is not an email address: "${mailFrom}"`)
  }

  return {
    port,
    host: env.KORPU_HOST || '0.0.0.0',
    baseUrl,
    databaseUrl,
    dialect,
    filesDir: path.resolve(env.KORPU_FILES_DIR || 'data/files'),
    storage: storage(env),
    smtpUrl,
    mailFrom,
    sessionSecret,
    defaultLocale: oneOf(env, 'KORPU_DEFAULT_LOCALE', LOCALES, 'az'),
    country,
    timeZone: timeZone(env, 'KORPU_TIME_ZONE', 'Asia/Baku'),
    demoData: flag(env, 'KORPU_DEMO_DATA', dialect === 'sqlite'),
    worker: flag(env, 'KORPU_WORKER', true),
    sqliteReaders: integer(env, 'KORPU_SQLITE_READERS', 2, 0, 16),
    logLevel: oneOf(
      env,
      'KORPU_LOG_LEVEL',
      ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'],
      'info',
    ),
    metricsToken: env.KORPU_METRICS_TOKEN ?? '',
    secureCookies: flag(env, 'KORPU_SECURE_COOKIES', baseUrl.startsWith('https:')),
    trustProxy: env.KORPU_TRUST_PROXY || 'loopback',
    overload: {
      maxEventLoopDelayMs: integer(env, 'KORPU_MAX_EVENT_LOOP_DELAY_MS', 1000, 0, 60_000),
      maxRssMb: integer(env, 'KORPU_MAX_RSS_MB', 2048, 0, 1_048_576),
    },
    projects: {
      nationalMinInstitutions: integer(env, 'KORPU_PROJECT_NATIONAL_MIN_INSTITUTIONS', 2, 1, 10),
      internationalMinCountries: integer(env, 'KORPU_PROJECT_INTERNATIONAL_MIN_COUNTRIES', 2, 1, 10),
      maxUploadBytes: integer(env, 'KORPU_PROJECT_MAX_UPLOAD_MB', 20, 1, 1024) * 1024 * 1024,
    },
    labels: {
      europeanMinCountries: integer(env, 'KORPU_LABEL_EUROPEAN_MIN_COUNTRIES', 2, 1, 10),
      schoolMinYears: integer(env, 'KORPU_SCHOOL_LABEL_MIN_YEARS', 2, 0, 20),
      schoolMinActiveMembers: integer(env, 'KORPU_SCHOOL_LABEL_MIN_ACTIVE_MEMBERS', 3, 1, 100),
      schoolMinNationalLabels: integer(env, 'KORPU_SCHOOL_LABEL_MIN_NATIONAL_LABELS', 1, 0, 100),
      schoolValidYears: integer(env, 'KORPU_SCHOOL_LABEL_VALID_YEARS', 2, 1, 10),
    },
  }
}
