import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import type { BrowserContext } from 'playwright-core'
import type { Db } from '../../src/db/database.ts'
import { newId } from '../../src/db/ids.ts'
import { reindexPerson } from '../../src/modules/partners/service.ts'
import { translator } from '../../src/platform/i18n.ts'
import { createInstitution, createPerson, type TestPerson } from '../helpers/factories.ts'
import { waitForMail } from '../helpers/server.ts'
import { browserSuite, guideScreenshot, newContext, sessionCookie, submitSignIn } from './support.ts'

const az = translator('az')

/** A programme form as an admin would define it (the demo's eTwinning form, shortened). */
async function createProgrammeForm(db: Db): Promise<void> {
  const id = newId()
  const now = new Date().toISOString()
  await db
    .insertInto('application_forms')
    .values({
      id,
      code: 'etwinning',
      title_az: 'eTwinning',
      title_en: 'eTwinning',
      title_ru: 'eTwinning',
      intro_az: 'Məktəb müəllimləri üçün.',
      intro_en: 'For school teachers.',
      intro_ru: 'Для школьных учителей.',
      position: 0,
      created_at: now,
      updated_at: now,
    })
    .execute()
  const fields = [
    ['motivation', 'long_text', 'Niyə qoşulmaq istəyirsiniz?'],
    ['consent', 'consent', 'Məlumatlarımın emalına razıyam'],
  ] as const
  for (const [position, [key, kind, label]] of fields.entries()) {
    await db
      .insertInto('application_form_fields')
      .values({
        id: newId(),
        form_id: id,
        key,
        kind,
        required: 1,
        label_az: label,
        label_en: label,
        label_ru: label,
        options: '[]',
        max_length: null,
        position,
        created_at: now,
      })
      .execute()
  }
}

/** A validated member of an institution with a profile, put into the partner-search index. */
async function createPartner(
  db: Db,
  institutionId: string,
  name: string,
  profile: { subjects: string[]; idea: string | null },
): Promise<TestPerson> {
  const person = await createPerson(db, { role: 'member', name, locale: 'az' })
  const now = new Date().toISOString()
  await db
    .insertInto('memberships')
    .values({
      id: newId(),
      person_id: person.id,
      institution_id: institutionId,
      role: 'member',
      status: 'confirmed',
      created_at: now,
    })
    .execute()
  await db
    .insertInto('profiles')
    .values({
      person_id: person.id,
      subjects: JSON.stringify(profile.subjects),
      languages: JSON.stringify(['az', 'en']),
      age_min: 12,
      age_max: 15,
      looking_since: profile.idea ? now : null,
      idea: profile.idea,
      visibility: 'members',
      updated_at: now,
    })
    .execute()
  await reindexPerson(db, person.id)
  return person
}

describe('joining, then finding and writing to a partner, in a real browser', () => {
  const suite = browserSuite()

  async function signedIn(person: TestPerson): Promise<BrowserContext> {
    const context = await newContext(suite.browser)
    await context.addCookies([sessionCookie(suite.server, person.sessionToken)])
    return context
  }

  test('apply, get approved by a coordinator, search with two filters, contact a member', async () => {
    const db = suite.server.db
    await createProgrammeForm(db)
    const school = await createInstitution(db, { name: 'Sheki City School No. 7', city: 'Sheki' })
    await createInstitution(db, { name: 'Sheki City Lyceum No. 1', city: 'Sheki' })
    const ganja = await createInstitution(db, { name: 'Ganja City School No. 12', city: 'Ganja' })
    const idea = 'Gəncə və Şəki məktəbləri arasında ortaq iqlim gündəliyi'
    const partner = await createPartner(db, ganja.id, 'Aysel Babayeva', { subjects: ['geography'], idea })
    // One filter alone would not find the partner only: same subject but not looking, looking but another subject.
    const notLooking = await createPartner(db, ganja.id, 'Orxan Abbaslı', {
      subjects: ['geography'],
      idea: null,
    })
    const otherSubject = await createPartner(db, ganja.id, 'Nigar Kərimli', {
      subjects: ['mathematics'],
      idea: 'Riyaziyyat olimpiadası üçün məsələ mübadiləsi',
    })
    const applicant = await createPerson(db, { role: 'registered', name: 'Günel Vəliyeva', locale: 'az' })
    const coordinator = await createPerson(db, { role: 'coordinator', name: 'Nərmin Qasımova' })

    // 1. The registered person signs in with the form and is sent on to the application.
    const applicantContext = await newContext(suite.browser)
    const page = await applicantContext.newPage()
    await page.goto(`${suite.server.url}/sign-in?next=/application`)
    await submitSignIn(page, applicant.email, applicant.password)
    await page.waitForURL('**/application')
    await page.getByRole('heading', { level: 1, name: az('applications.apply_title') }).waitFor()

    // 2. The institution step: typing searches the registry (htmx), the match is chosen as a radio button.
    await page.getByLabel(az('applications.institution_search')).fill('sheki school')
    const choice = page.getByRole('radio', { name: `${school.name} · Sheki` })
    await choice.check()
    assert.equal(await page.getByRole('radio', { name: /Lyceum/ }).count(), 0, 'both words must match')
    await page.getByLabel(az('applications.staff_role')).selectOption('teacher')
    const subjects = page.getByRole('group', { name: az('applications.subjects') })
    await subjects.getByRole('checkbox', { name: 'Coğrafiya' }).check()
    await subjects.getByRole('checkbox', { name: 'Biologiya' }).check()
    await page.getByLabel(az('applications.age_from'), { exact: true }).fill('12')
    await page.getByLabel(az('applications.age_to'), { exact: true }).fill('15')
    await page
      .getByRole('group', { name: az('applications.languages') })
      .getByRole('checkbox', { name: az('applications.language_names.az') })
      .check()
    await page
      .getByLabel('Niyə qoşulmaq istəyirsiniz?')
      .fill('Şəki məktəbimiz Gəncə ilə birgə iqlim layihəsi edir.')
    await page
      .getByRole('group', { name: az('applications.consent') })
      .getByRole('checkbox', { name: 'Məlumatlarımın emalına razıyam' })
      .check()
    await guideScreenshot(page, 'member-application')
    await page.getByRole('button', { name: az('applications.submit') }).click()
    await page.getByRole('heading', { level: 1, name: az('applications.status_title') }).waitFor()
    await page.getByText(az('applications.statuses.submitted'), { exact: true }).waitFor()

    // 3. The coordinator finds it in the review queue, opens it and approves it.
    const coordinatorContext = await signedIn(coordinator)
    const review = await coordinatorContext.newPage()
    await review.goto(`${suite.server.url}/`)
    await review
      .getByRole('navigation', { name: az('layout.account') })
      .getByRole('link', { name: az('nav.review') })
      .click()
    await review.getByRole('heading', { level: 1, name: az('applications.queue_title') }).waitFor()
    await review.getByRole('table').getByRole('link', { name: applicant.name }).click()
    await review
      .getByRole('heading', { level: 1, name: az('applications.review_title', { name: applicant.name }) })
      .waitFor()
    await guideScreenshot(review, 'coordinator-application-review')
    await review.getByRole('radio', { name: az('applications.decisions.approve') }).check()
    await review.getByRole('button', { name: az('applications.decide_submit') }).click()
    await review.getByText(az('applications.statuses.approved'), { exact: true }).waitFor()
    await coordinatorContext.close()

    // The applicant sees the decision, and the approval notice reaches them by email.
    await page.reload()
    await page.getByText(az('applications.statuses.approved'), { exact: true }).waitFor()
    await waitForMail(suite.server.mail, applicant.email, suite.server.drain)

    // 4. Now a member: partner search with two filters, subject and "looking for partners" (htmx swaps results).
    await page.goto(`${suite.server.url}/`)
    await page
      .getByRole('navigation', { name: az('layout.main_navigation') })
      .getByRole('link', { name: az('partners.title') })
      .click()
    await page.getByRole('heading', { level: 1, name: az('partners.title') }).waitFor()
    const results = page.locator('#results')
    await results.getByRole('link', { name: otherSubject.name }).waitFor()
    await page.getByLabel(az('partners.filter_subject'), { exact: true }).selectOption('geography')
    await results.getByRole('link', { name: otherSubject.name }).waitFor({ state: 'detached' })
    await results.getByRole('link', { name: notLooking.name }).waitFor()
    await page.getByLabel(az('partners.filter_looking'), { exact: true }).check()
    await results.getByRole('link', { name: notLooking.name }).waitFor({ state: 'detached' })
    const found = results.getByRole('link', { name: partner.name, exact: true })
    await found.waitFor()
    assert.equal(await results.getByRole('listitem').filter({ hasText: idea }).count(), 1)
    await guideScreenshot(page, 'member-partner-search')
    // The filters are in the address (htmx pushes it), so the search can be shared or reloaded.
    const address = new URL(page.url())
    assert.equal(address.searchParams.get('subject'), 'geography')
    assert.equal(address.searchParams.get('looking'), 'yes')
    // Loading that address as a whole page (as without JavaScript, empty fields included) gives the same answer.
    const reloaded = await page.reload()
    assert.equal(reloaded?.status(), 200)
    await found.waitFor()
    assert.equal(await results.getByRole('link', { name: notLooking.name }).count(), 0)
    assert.equal(await results.getByRole('link', { name: otherSubject.name }).count(), 0)

    // 5. The partner's profile, without their email, and a message through the platform.
    await found.click()
    await page.getByRole('heading', { level: 1, name: partner.name }).waitFor()
    assert.equal(await page.getByText(partner.email).count(), 0)
    const subject = 'İqlim gündəliyi layihəsi'
    const body = 'Salam! Şəkidən 7-ci sinif şagirdlərimizlə iqlim gündəliyinizə qoşulmaq istərdik.'
    await page.getByLabel(az('partners.contact_subject'), { exact: true }).fill(subject)
    await page.getByLabel(az('partners.contact_body'), { exact: true }).fill(body)
    await page.getByRole('button', { name: az('partners.contact_send') }).click()
    await page.getByText(az('partners.contact_sent')).waitFor()
    await applicantContext.close()

    // 6. The message arrives by email in the partner's language, without the sender's address anywhere in it.
    const mail = await waitForMail(suite.server.mail, partner.email, suite.server.drain)
    assert.equal(mail.subject, az('partners.mail_subject', { name: applicant.name, subject }))
    assert.ok(mail.text.includes(body), mail.text)
    assert.ok(mail.text.includes(`${suite.server.url}/messages`), mail.text)
    for (const part of [mail.text, mail.subject, mail.from, mail.replyTo]) {
      assert.ok(!part.includes(applicant.email), `the sender's address leaked: ${part}`)
    }

    // 7. …and waits in the partner's inbox on the site.
    const partnerContext = await signedIn(partner)
    const inbox = await partnerContext.newPage()
    await inbox.goto(`${suite.server.url}/`)
    await inbox
      .getByRole('navigation', { name: az('layout.account') })
      .getByRole('link', { name: az('partners.inbox_title') })
      .click()
    await inbox.getByRole('heading', { level: 1, name: az('partners.inbox_title') }).waitFor()
    const message = inbox.getByRole('listitem').filter({ has: inbox.getByRole('heading', { name: subject }) })
    await message.getByText(body).waitFor()
    await message.getByRole('link', { name: applicant.name }).waitFor()
    assert.equal(await inbox.getByText(applicant.email).count(), 0)
    await partnerContext.close()
  })
})
