import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import type { BrowserContext, Page } from 'playwright-core'
import { LANGUAGE_COOKIE } from '../../src/app.ts'
import type { Db } from '../../src/db/database.ts'
import { newId } from '../../src/db/ids.ts'
import type { InstitutionType } from '../../src/db/schema.ts'
import { subdivisionName } from '../../src/modules/institutions/geo.ts'
import { translator } from '../../src/platform/i18n.ts'
import { createInstitution, createPerson, type TestPerson } from '../helpers/factories.ts'
import { axeViolations, browserSuite, guideScreenshot, newContext, sessionCookie } from './support.ts'

const en = translator('en')

/** A validated member who works at an institution in a region: registration keeps where they came from. */
async function memberFrom(db: Db, name: string, region: string, type: InstitutionType): Promise<TestPerson> {
  const person = await createPerson(db, { role: 'member', name })
  const institution = await createInstitution(db, { type })
  await db.updateTable('institutions').set({ region }).where('id', '=', institution.id).execute()
  await db
    .insertInto('memberships')
    .values({
      id: newId(),
      person_id: person.id,
      institution_id: institution.id,
      role: 'member',
      status: 'confirmed',
      created_at: new Date().toISOString(),
    })
    .execute()
  return person
}

/** A calendar date some days from now, as the event form takes it. */
function inDays(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10)
}

/**
 * The walk through an event: a coordinator creates a three-day regional conference with its agenda and
 * publishes it, members register (the last one onto the wait list, promoted when someone cancels), the organiser
 * checks people in from the list and from a ticket, records the outcome, and the public page shows participants by
 * region and the project created at the conference. Attendance pages are checked with axe (WCAG 2.1 A and AA).
 */
describe('events in a real browser', () => {
  const suite = browserSuite()

  async function contextFor(person?: TestPerson): Promise<BrowserContext> {
    // CSP is bypassed for axe's injected script only.
    const context = await newContext(suite.browser, { bypassCSP: true, locale: 'en-GB' })
    await context.addCookies([
      { name: LANGUAGE_COOKIE, value: 'en', url: suite.server.url },
      ...(person ? [sessionCookie(suite.server, person.sessionToken)] : []),
    ])
    return context
  }

  async function assertAccessible(page: Page, what: string): Promise<void> {
    const report = await axeViolations(page)
    assert.equal(report, '', `axe found accessibility violations on ${what}:\n${report}`)
  }

  async function statusOf(eventId: string, personId: string): Promise<string | undefined> {
    const row = await suite.server.db
      .selectFrom('event_registrations')
      .select('status')
      .where('event_id', '=', eventId)
      .where('person_id', '=', personId)
      .executeTakeFirst()
    return row?.status
  }

  test('a regional conference from creation to its outcome on the public page', async () => {
    const { db, url } = suite.server
    const coordinator = await createPerson(db, { role: 'coordinator', name: 'Nigar Coordinator' })
    const aysel = await memberFrom(db, 'Aysel Quliyeva', 'AZ-GA', 'school')
    const rashad = await memberFrom(db, 'Rashad Mammadov', 'AZ-BA', 'vet_college')
    const leyla = await memberFrom(db, 'Leyla Həsənova', 'AZ-LAN', 'school')

    // ---- The coordinator creates the conference (two places, so the third member waits) and its agenda.
    const organiser = await (await contextFor(coordinator)).newPage()
    await organiser.goto(`${url}/events/new`)
    await organiser.selectOption('#field-kind', 'conference')
    await organiser.fill('#field-title_en', 'Regional conference of eTwinning teachers')
    await organiser.fill('#field-title_az', 'eTwinning müəllimlərinin regional konfransı')
    await organiser.fill(
      '#field-description_en',
      'Three days of workshops in which teachers plan projects together.',
    )
    await organiser.fill('#field-start_date', inDays(7))
    await organiser.fill('#field-start_time', '10:00')
    await organiser.fill('#field-end_date', inDays(9))
    await organiser.fill('#field-end_time', '17:00')
    await organiser.check('#field-format-on_site')
    await organiser.fill('#field-venue', 'Ganja State University, main hall')
    await organiser.fill('#field-city', 'Ganja')
    await organiser.selectOption('#field-region', 'AZ-GA')
    await organiser.check('#field-registration-members')
    await organiser.fill('#field-capacity', '2')
    await organiser.getByRole('button', { name: en('events.create') }).click()
    await organiser.waitForURL(/\/events\/[a-z0-9-]+\?done=created$/)
    const slug = new URL(organiser.url()).pathname.split('/')[2] ?? ''
    const event = await db
      .selectFrom('events')
      .select(['id', 'status'])
      .where('slug', '=', slug)
      .executeTakeFirstOrThrow()
    assert.equal(event.status, 'draft')

    await organiser.goto(`${url}/events/${slug}/agenda`)
    await guideScreenshot(organiser, 'organiser-event-agenda')
    const sessions = ['Opening and partner speed-dating', 'Project planning workshop', 'Presenting the plans']
    for (const [day, title] of sessions.entries()) {
      await organiser.locator('#session-date').selectOption({ index: day })
      await organiser.fill('#session-start_time', '10:00')
      await organiser.fill('#session-end_time', '12:30')
      await organiser.fill('#session-title_en', title)
      await organiser.getByRole('button', { name: en('events.add_session') }).click()
      await organiser.waitForURL(/\/agenda\?done=/)
    }
    const agenda = await db
      .selectFrom('event_sessions')
      .select('starts_at')
      .where('event_id', '=', event.id)
      .execute()
    assert.equal(
      new Set(agenda.map((s) => s.starts_at.slice(0, 10))).size,
      3,
      'one session on each of the three days',
    )

    await organiser.goto(`${url}/events/${slug}`)
    await organiser.getByRole('button', { name: en('events.publish') }).click()
    await organiser.waitForURL(/done=published/)
    await organiser.getByText(sessions[2] ?? '').waitFor()
    await guideScreenshot(organiser, 'organiser-event-published')

    // ---- Members register: two places, the third person waits; a cancellation promotes her.
    const pages = new Map<TestPerson, Page>()
    for (const member of [aysel, rashad, leyla]) {
      const page = await (await contextFor(member)).newPage()
      pages.set(member, page)
      await page.goto(`${url}/events/${slug}/register`)
      await page.getByRole('button', { name: en('registration.register'), exact: true }).click()
      await page.waitForURL(/\/registration\?done=registered/)
    }
    assert.equal(await statusOf(event.id, aysel.id), 'confirmed')
    assert.equal(await statusOf(event.id, rashad.id), 'confirmed')
    assert.equal(await statusOf(event.id, leyla.id), 'waitlisted')
    const leylaPage = pages.get(leyla) as Page
    await leylaPage.getByText(en('registration.own.waitlisted', { position: 1 })).waitFor()

    const ayselPage = pages.get(aysel) as Page
    await ayselPage.getByRole('button', { name: en('registration.cancel') }).click()
    await ayselPage.waitForURL(/done=cancelled/)
    assert.equal(await statusOf(event.id, aysel.id), 'cancelled')
    assert.equal(
      await statusOf(event.id, leyla.id),
      'confirmed',
      'the first on the wait list takes the freed place',
    )

    // Leyla's ticket: a QR code for the door.
    await leylaPage.goto(`${url}/events/${slug}`)
    await leylaPage.getByRole('link', { name: en('attendance.my_ticket') }).click()
    await leylaPage.getByRole('heading', { level: 1, name: en('attendance.ticket_title') }).waitFor()
    assert.equal(
      await leylaPage
        .getByRole('img', { name: en('attendance.qr_label') })
        .locator('svg')
        .count(),
      1,
    )
    await assertAccessible(leylaPage, 'the ticket')

    // ---- The organiser checks people in: Rashad from the list, Leyla from her ticket's page.
    await organiser.goto(`${url}/events/${slug}`)
    await organiser.getByRole('link', { name: en('attendance.check_in_title') }).click()
    await organiser.getByRole('heading', { level: 1, name: en('attendance.check_in_title') }).waitFor()
    await organiser.getByLabel(en('attendance.search')).fill('mammadov')
    await organiser.getByRole('button', { name: en('attendance.show') }).click()
    await organiser.getByRole('button', { name: `${en('attendance.check_in')} Rashad Mammadov` }).click()
    await organiser.getByText(/Rashad Mammadov is checked in for/).waitFor()
    await assertAccessible(organiser, 'the check-in list')

    await organiser.getByLabel(en('attendance.search')).fill('')
    await organiser.getByRole('button', { name: en('attendance.show') }).click()
    await organiser.getByRole('link', { name: 'Leyla Həsənova' }).click()
    await organiser.getByRole('heading', { level: 1, name: 'Leyla Həsənova' }).waitFor()
    // The second day of the conference.
    await organiser
      .getByRole('button', { name: `${en('attendance.check_in')} Leyla Həsənova` })
      .nth(1)
      .click()
    await organiser.getByText(/Leyla Həsənova is checked in for/).waitFor()
    await assertAccessible(organiser, 'a ticket’s check-in page')
    const attendance = await db.selectFrom('event_attendance').select(['registration_id', 'day']).execute()
    assert.equal(attendance.length, 2)

    // ---- Rashad founds a project at the conference (the wizard names it); coordinators later approve it.
    const rashadPage = pages.get(rashad) as Page
    await rashadPage.goto(`${url}/projects/new`)
    await rashadPage
      .getByLabel(en('projects.fields.title', { language: en('projects.language.en') }))
      .fill('Green schools of Ganja and Baku')
    await rashadPage.getByLabel(en('attendance.project_event')).selectOption(event.id)
    await rashadPage.getByRole('button', { name: en('projects.wizard.save') }).click()
    await rashadPage.waitForURL(/\/plan\/1\?saved=1/)
    const project = await db
      .selectFrom('projects')
      .select(['id', 'event_id'])
      .where('created_by', '=', rashad.id)
      .executeTakeFirstOrThrow()
    assert.equal(project.event_id, event.id)
    const now = new Date().toISOString()
    await db
      .updateTable('projects')
      .set({ status: 'approved', approved_at: now, decided_at: now, in_gallery_since: now })
      .where('id', '=', project.id)
      .execute()

    // ---- The organiser records the outcome: the figures are computed, the report is written.
    await organiser.goto(`${url}/events/${slug}`)
    await organiser.getByRole('link', { name: en('attendance.outcome_record') }).click()
    await organiser.getByText('2 participants from 2 regions; 1 project created').waitFor()
    await organiser
      .getByLabel(en('attendance.report_en'))
      .fill('Teachers from Baku and Lankaran met for three days.\n\nThey planned projects together.')
    await organiser.getByRole('button', { name: en('attendance.outcome_save') }).click()
    await organiser.getByText(en('attendance.outcome_saved')).waitFor()
    await assertAccessible(organiser, 'the outcome form')

    // ---- The public page shows participants by region and the projects created.
    const visitor = await (await contextFor()).newPage()
    await visitor.goto(`${url}/events/${slug}`)
    const outcome = visitor.locator('section[aria-labelledby="event-outcome"]')
    await outcome.getByText('2 participants from 2 regions; 1 project created').waitFor()
    const byRegion = outcome.getByRole('table', { name: en('attendance.by_region') })
    for (const region of ['AZ-BA', 'AZ-LAN']) {
      const name = subdivisionName(region, 'en', en('institutions.city_suffix'))
      assert.equal(await byRegion.getByRole('row', { name: `${name} 1` }).count(), 1, `${name} counted once`)
    }
    assert.equal(await byRegion.getByText(subdivisionName('AZ-GA', 'en', '')).count(), 0, 'Aysel cancelled')
    await outcome.getByRole('link', { name: 'Green schools of Ganja and Baku' }).waitFor()
    await outcome.getByText('They planned projects together.').waitFor()
    assert.equal(await visitor.getByRole('link', { name: en('attendance.check_in_title') }).count(), 0)
    await assertAccessible(visitor, 'the public event page with its outcome')
  })
})
