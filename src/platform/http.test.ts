import assert from 'node:assert/strict'
import { Writable } from 'node:stream'
import { after, before, test } from 'node:test'
import { Client } from '../../test/helpers/client.ts'
import { eachDatabase } from '../../test/helpers/harness.ts'
import { type App, buildApp, LANGUAGE_COOKIE } from '../app.ts'
import { createLogOptions } from './logging.ts'

const TITLES = {
  400: { az: 'Sorğu düzgün deyil', en: 'The request is not valid', ru: 'Неверный запрос' },
  403: { az: 'Giriş qadağandır', en: 'Access denied', ru: 'Доступ запрещён' },
  404: { az: 'Səhifə tapılmadı', en: 'Page not found', ru: 'Страница не найдена' },
  500: { az: 'Xəta baş verdi', en: 'Something went wrong', ru: 'Произошла ошибка' },
} as const
const LOCALES = ['az', 'en', 'ru'] as const

/** The internal detail a failing handler throws: it belongs in the log, never in a response. */
const INTERNAL_MESSAGE = 'connection to db-internal.example:5432 failed for user korpu_owner'

function assertErrorPage(
  response: { status: number; body: string; headers: Record<string, unknown> },
  status: keyof typeof TITLES,
  locale: (typeof LOCALES)[number],
): void {
  const where = `${status} in ${locale}`
  assert.equal(response.status, status, where)
  assert.match(String(response.headers['content-type']), /^text\/html/, where)
  assert.match(response.body, new RegExp(`<html lang="${locale}">`), where)
  const title = TITLES[status][locale]
  assert.ok(response.body.includes(`<title>${title} · `), `${where}: title "${title}"`)
  assert.ok(response.body.includes(`<h1>${title}</h1>`), `${where}: heading "${title}"`)
}

/** A pino destination that keeps every line, to read what the app logged. */
function captureStream(): { stream: Writable; text(): string } {
  const chunks: string[] = []
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      chunks.push(chunk.toString('utf8'))
      callback()
    },
  })
  return { stream, text: () => chunks.join('') }
}

eachDatabase('error responses', (h) => {
  // A second app on the same database, with a route that fails the way a bug would and a log we can read.
  let failing: App
  const log = captureStream()
  before(async () => {
    failing = await buildApp(h().app.deps, { logger: { ...createLogOptions('info'), stream: log.stream } })
    failing.get('/test-only/fails', { config: { access: 'site.view' } }, async () => {
      throw new Error(INTERNAL_MESSAGE)
    })
    failing.get('/api/v1/test-only/fails', { config: { access: 'site.view' } }, async () => {
      throw new TypeError(INTERNAL_MESSAGE)
    })
    await failing.ready()
  })
  after(async () => {
    await failing.close()
  })

  for (const locale of LOCALES) {
    test(`error pages speak ${locale} (language cookie)`, async () => {
      const visitor = await h().client()
      visitor.setCookie(LANGUAGE_COOKIE, locale)
      assertErrorPage(await visitor.get('/no-such-page'), 404, locale)
      assertErrorPage(await visitor.get('/language/xx'), 400, locale)
      assertErrorPage(await visitor.get('/institutions?limit=1000'), 400, locale)

      const member = await h().client(await h().person({ role: 'member' }))
      member.setCookie(LANGUAGE_COOKIE, locale)
      assertErrorPage(await member.get('/admin/audit'), 403, locale)

      const client = new Client(failing)
      client.setCookie(LANGUAGE_COOKIE, locale)
      assertErrorPage(await client.get('/test-only/fails'), 500, locale)
    })
  }

  test('error pages follow Accept-Language when no language was chosen', async () => {
    const visitor = await h().client()
    assertErrorPage(await visitor.get('/no-such-page', { 'accept-language': 'ru-RU,ru;q=0.9' }), 404, 'ru')
    assertErrorPage(await visitor.get('/no-such-page', { 'accept-language': 'az' }), 404, 'az')
    const client = new Client(failing)
    assertErrorPage(await client.get('/test-only/fails', { 'accept-language': 'az,en;q=0.5' }), 500, 'az')
  })

  test('a 500 page shows the generic message: no error message, no stack trace', async () => {
    const response = await new Client(failing).get('/test-only/fails')
    assertErrorPage(response, 500, 'en')
    assert.ok(response.body.includes('We could not complete your request. Try again later.'))
    assert.ok(!response.body.includes(INTERNAL_MESSAGE), 'no error message')
    assert.doesNotMatch(response.body, /at .*\.(ts|tsx|js):\d+/, 'no stack trace')
    assert.doesNotMatch(response.body, /Error:/)
    // …while the log has what an operator needs.
    const line = log
      .text()
      .split('\n')
      .find((l) => l.includes(INTERNAL_MESSAGE))
    assert.ok(line, 'the failure is logged')
    const entry = JSON.parse(line) as { level: number; err?: { stack?: string } }
    assert.equal(entry.level, 50, 'as an error')
    assert.match(entry.err?.stack ?? '', /http\.test\.ts/)
  })

  test('API errors are problem+json: 404 and 500 with status, title and a translated detail', async () => {
    const visitor = await h().client()
    const missing = await visitor.get('/api/v1/no-such-thing')
    assert.equal(missing.status, 404)
    assert.match(String(missing.headers['content-type']), /^application\/problem\+json/)
    assert.deepEqual(missing.json(), {
      type: 'about:blank',
      title: 'Not Found',
      status: 404,
      detail: 'There is nothing at this address.',
      instance: '/api/v1/no-such-thing',
    })
    const inRussian = await visitor.get('/api/v1/no-such-thing?x=1', { 'accept-language': 'ru' })
    assert.equal(inRussian.json().detail, 'По этому адресу ничего нет.')
    assert.equal(inRussian.json().instance, '/api/v1/no-such-thing', 'the query string is not echoed')

    const failed = await new Client(failing).get('/api/v1/test-only/fails')
    assert.equal(failed.status, 500)
    assert.match(String(failed.headers['content-type']), /^application\/problem\+json/)
    const body = failed.json()
    assert.equal(body.status, 500)
    assert.equal(body.title, 'Internal Server Error')
    assert.equal(body.detail, 'Something went wrong on our side. Try again later.')
    assert.ok(!failed.body.includes(INTERNAL_MESSAGE))
    assert.ok(!failed.body.includes('TypeError'))
  })

  test('the log has no passwords, tokens or cookie values', async () => {
    const capture = captureStream()
    const app = await buildApp(h().app.deps, {
      logger: { ...createLogOptions('info'), stream: capture.stream },
    })
    try {
      await app.ready()
      const person = await h().person({ role: 'member' })
      const secretToken = 'SECRET-verify-token-4f1c9a'
      const resetToken = 'SECRET-reset-token-77ab02'
      const wrongPassword = 'wrong-password-6d0e1b'

      const browser = new Client(app)
      const failed = await browser.form('/sign-in', { email: person.email, password: wrongPassword })
      assert.equal(failed.status, 400)
      const signedIn = await browser.form('/sign-in', { email: person.email, password: person.password })
      assert.equal(signedIn.status, 303, 'signed in with the password')
      assert.equal((await browser.get('/profile')).status, 200)
      assert.equal((await browser.get(`/verify-email?token=${secretToken}`)).status, 400)
      assert.equal((await browser.get(`/reset-password?token=${resetToken}&next=%2F`)).status, 200)

      const api = new Client(app)
      const apiSignIn = await api.api('POST', '/api/v1/session', {
        email: person.email,
        password: person.password,
      })
      assert.equal(apiSignIn.status, 200)
      const csrfToken = apiSignIn.json<{ csrfToken: string }>().csrfToken

      const text = capture.text()
      const secrets: Record<string, string | undefined> = {
        password: person.password,
        'wrong password': wrongPassword,
        'verification token': secretToken,
        'reset token': resetToken,
        'session token of the harness': person.sessionToken,
        'browser session cookie': browser.cookie('korpu_session'),
        'browser csrf cookie': browser.cookie('korpu_csrf'),
        'API session cookie': api.cookie('korpu_session'),
        'API csrf cookie': api.cookie('korpu_csrf'),
        'CSRF token': csrfToken,
      }
      for (const [name, value] of Object.entries(secrets)) {
        assert.ok(value && value.length >= 8, `${name} is known to the test`)
        assert.ok(!text.includes(value), `the log contains the ${name}`)
        // Cookie values are URL-encoded in headers; the decoded form must not be there either.
        assert.ok(!text.includes(decodeURIComponent(value)), `the log contains the ${name} (decoded)`)
      }
      assert.ok(!text.includes(person.email), 'the log contains the email address')
      assert.match(
        text,
        /"url":"\/verify-email\?token=\[redacted\]"/,
        'requests are logged, with the token hidden',
      )
    } finally {
      await app.close()
    }
  })
})
