import assert from 'node:assert/strict'
import path from 'node:path'
import { describe, test } from 'node:test'
import { ConfigError, loadConfig } from './config.ts'

const SECRET = 's'.repeat(32)

/** Asserts that `env` is refused with a ConfigError that names `variable` (in the error and its message). */
function refuses(env: Record<string, string>, variable: string): ConfigError {
  let caught: unknown
  try {
    loadConfig(env)
  } catch (error) {
    caught = error
  }
  assert.ok(caught instanceof ConfigError, `expected a ConfigError for ${JSON.stringify(env)}, got ${caught}`)
  assert.equal(caught.variable, variable)
  assert.ok(caught.message.startsWith(`${variable}: `), caught.message)
  return caught
}

describe('loadConfig', () => {
  test('an empty environment gives working local defaults', () => {
    const config = loadConfig({})
    assert.equal(config.port, 3000)
    assert.equal(config.host, '0.0.0.0')
    assert.equal(config.baseUrl, 'http://localhost:3000')
    assert.equal(config.databaseUrl, path.resolve('data/korpu.db'))
    assert.equal(config.dialect, 'sqlite')
    assert.equal(config.filesDir, path.resolve('data/files'))
    assert.equal(config.smtpUrl, '')
    assert.match(config.mailFrom, /<no-reply@/)
    assert.equal(config.defaultLocale, 'az')
    assert.equal(config.country, 'AZ')
    assert.equal(config.timeZone, 'Asia/Baku')
    assert.equal(config.demoData, true, 'demo data by default on SQLite')
    assert.equal(config.worker, true)
    assert.equal(config.logLevel, 'info')
    assert.equal(config.metricsToken, '')
    assert.equal(config.secureCookies, false)
    assert.ok(config.sessionSecret.length >= 32, 'a random secret outside production')
    assert.notEqual(loadConfig({}).sessionSecret, config.sessionSecret, 'a fresh one each start')
  })

  test('empty strings count as unset', () => {
    const config = loadConfig({
      KORPU_PORT: '',
      KORPU_BASE_URL: '',
      KORPU_DEFAULT_LOCALE: '',
      KORPU_DEMO_DATA: '',
      KORPU_TIME_ZONE: '',
      KORPU_COUNTRY: '',
    })
    assert.equal(config.port, 3000)
    assert.equal(config.baseUrl, 'http://localhost:3000')
    assert.equal(config.defaultLocale, 'az')
    assert.equal(config.timeZone, 'Asia/Baku')
    assert.equal(config.country, 'AZ')
  })

  test('explicit values are read and normalised', () => {
    const config = loadConfig({
      KORPU_PORT: '8080',
      KORPU_HOST: '127.0.0.1',
      KORPU_BASE_URL: 'https://korpu.example.org/',
      KORPU_DATABASE_URL: '/var/lib/korpu/db.sqlite',
      KORPU_SMTP_URL: 'smtps://user:pass@mail.example.org:465',
      KORPU_MAIL_FROM: 'Portal <portal@example.org>',
      KORPU_SESSION_SECRET: SECRET,
      KORPU_DEFAULT_LOCALE: 'ru',
      KORPU_COUNTRY: 'ge',
      KORPU_TIME_ZONE: 'Asia/Tbilisi',
      KORPU_DEMO_DATA: 'no',
      KORPU_WORKER: 'OFF',
      KORPU_LOG_LEVEL: 'warn',
      KORPU_METRICS_TOKEN: 'token',
    })
    assert.equal(config.port, 8080)
    assert.equal(config.host, '127.0.0.1')
    assert.equal(config.baseUrl, 'https://korpu.example.org', 'no trailing slash')
    assert.equal(config.databaseUrl, '/var/lib/korpu/db.sqlite')
    assert.equal(config.dialect, 'sqlite')
    assert.equal(config.smtpUrl, 'smtps://user:pass@mail.example.org:465')
    assert.equal(config.mailFrom, 'Portal <portal@example.org>')
    assert.equal(config.sessionSecret, SECRET)
    assert.equal(config.defaultLocale, 'ru')
    assert.equal(config.country, 'GE')
    assert.equal(config.timeZone, 'Asia/Tbilisi')
    assert.equal(config.demoData, false)
    assert.equal(config.worker, false)
    assert.equal(config.logLevel, 'warn')
    assert.equal(config.metricsToken, 'token')
    assert.equal(config.secureCookies, true, 'an https base URL means secure cookies')
  })

  test('the port defaults into the base URL', () => {
    assert.equal(loadConfig({ KORPU_PORT: '4100' }).baseUrl, 'http://localhost:4100')
  })

  test('a postgres URL picks the postgres dialect and turns demo data off by default', () => {
    for (const url of ['postgres://korpu:pw@db.internal:5432/korpu', 'postgresql://db/korpu']) {
      const config = loadConfig({ KORPU_DATABASE_URL: url })
      assert.equal(config.dialect, 'postgres', url)
      assert.equal(config.databaseUrl, url)
      assert.equal(config.demoData, false)
    }
    assert.equal(loadConfig({ KORPU_DATABASE_URL: ':memory:' }).dialect, 'sqlite')
    assert.equal(loadConfig({ KORPU_DATABASE_URL: 'data/postgres.db' }).dialect, 'sqlite')
  })

  test('booleans accept the usual spellings', () => {
    for (const yes of ['1', 'true', 'TRUE', 'yes', 'on']) {
      assert.equal(loadConfig({ KORPU_SECURE_COOKIES: yes }).secureCookies, true, yes)
    }
    for (const no of ['0', 'false', 'False', 'no', 'off']) {
      assert.equal(
        loadConfig({ KORPU_SECURE_COOKIES: no, KORPU_BASE_URL: 'https://x.org' }).secureCookies,
        false,
      )
    }
  })

  test('a bad port is refused', () => {
    for (const port of ['abc', '-1', '65536', '80.5', '8080abc', '0x50', '1e3', ' 80']) {
      refuses({ KORPU_PORT: port }, 'KORPU_PORT')
    }
  })

  test('a bad base URL is refused', () => {
    refuses({ KORPU_BASE_URL: 'not a url' }, 'KORPU_BASE_URL')
    refuses({ KORPU_BASE_URL: 'korpu.example.org' }, 'KORPU_BASE_URL')
    refuses({ KORPU_BASE_URL: 'ftp://korpu.example.org' }, 'KORPU_BASE_URL')
    refuses({ KORPU_BASE_URL: 'javascript:alert(1)' }, 'KORPU_BASE_URL')
  })

  test('a bad SMTP or database URL is refused', () => {
    refuses({ KORPU_SMTP_URL: 'http://mail.example.org' }, 'KORPU_SMTP_URL')
    refuses({ KORPU_SMTP_URL: 'nonsense' }, 'KORPU_SMTP_URL')
    refuses({ KORPU_DATABASE_URL: 'postgres://db.internal:port/korpu' }, 'KORPU_DATABASE_URL')
    // The refusal never repeats the URL: it may carry a password, and it is printed to the log.
    assert.throws(
      () => loadConfig({ KORPU_DATABASE_URL: 'postgres://korpu:s3cret-pw@db.internal:port/korpu' }),
      (error: Error) => !error.message.includes('s3cret-pw'),
    )
  })

  test('an unknown locale is refused', () => {
    const error = refuses({ KORPU_DEFAULT_LOCALE: 'de' }, 'KORPU_DEFAULT_LOCALE')
    assert.match(error.message, /az, en, ru/)
    refuses({ KORPU_DEFAULT_LOCALE: 'EN' }, 'KORPU_DEFAULT_LOCALE')
  })

  test('a short session secret is refused', () => {
    refuses({ KORPU_SESSION_SECRET: 's'.repeat(31) }, 'KORPU_SESSION_SECRET')
    assert.equal(loadConfig({ KORPU_SESSION_SECRET: SECRET }).sessionSecret, SECRET)
  })

  test('production requires a session secret', () => {
    const error = refuses({ NODE_ENV: 'production' }, 'KORPU_SESSION_SECRET')
    assert.match(error.message, /production/)
    refuses({ NODE_ENV: 'production', KORPU_SESSION_SECRET: 'short' }, 'KORPU_SESSION_SECRET')
    assert.equal(loadConfig({ NODE_ENV: 'production', KORPU_SESSION_SECRET: SECRET }).sessionSecret, SECRET)
  })

  test('a bad country is refused', () => {
    for (const country of ['AZE', 'A', '12', 'A1', 'Azerbaijan']) {
      refuses({ KORPU_COUNTRY: country }, 'KORPU_COUNTRY')
    }
  })

  test('a bad time zone is refused', () => {
    refuses({ KORPU_TIME_ZONE: 'Mars/Olympus_Mons' }, 'KORPU_TIME_ZONE')
    refuses({ KORPU_TIME_ZONE: 'not a zone' }, 'KORPU_TIME_ZONE')
    assert.equal(loadConfig({ KORPU_TIME_ZONE: 'Europe/Berlin' }).timeZone, 'Europe/Berlin')
  })

  test('a bad boolean is refused', () => {
    for (const variable of ['KORPU_DEMO_DATA', 'KORPU_WORKER', 'KORPU_SECURE_COOKIES']) {
      const error = refuses({ [variable]: 'maybe' }, variable)
      assert.match(error.message, /"maybe"/)
    }
  })

  test('a bad log level or sender address is refused', () => {
    refuses({ KORPU_LOG_LEVEL: 'verbose' }, 'KORPU_LOG_LEVEL')
    refuses({ KORPU_MAIL_FROM: 'Portal' }, 'KORPU_MAIL_FROM')
    refuses({ KORPU_MAIL_FROM: 'a@b@c' }, 'KORPU_MAIL_FROM')
    assert.equal(loadConfig({ KORPU_MAIL_FROM: 'portal@example.org' }).mailFrom, 'portal@example.org')
  })
})
