import assert from 'node:assert/strict'
import { before, test } from 'node:test'
import { sql } from 'kysely'
import type { Client } from '../../../test/helpers/client.ts'
import { createInstitution, type TestPerson } from '../../../test/helpers/factories.ts'
import { eachDatabase, type Harness } from '../../../test/helpers/harness.ts'
import { newId } from '../../db/ids.ts'
import { foldText, queryTerms, textScore } from './fold.ts'
import { countLimits, reindexInstitution, reindexPerson } from './service.ts'

test('folding: case, diacritics and Azerbaijani letters fold to what people type', () => {
  assert.equal(foldText('Məmmədova'), 'mammadova')
  assert.equal(foldText('İSMAYILLI Gəncə'), 'ismayilli ganca')
  assert.equal(foldText('Ёлка, Şəki!'), 'елка saki')
  assert.deepEqual(queryTerms("\"NEAR( x* OR '1'='1"), ['near', 'x', 'or', '1', '1'])
})

test('relevance: the last term is a word start, repeats count, a short text beats a long one', () => {
  const long = 'robotics club of the secondary school number seven in ganja with english and physics classes'
  assert.equal(textScore(['robot'], 'music school'), 0)
  assert.equal(textScore(['rob', 'school'], 'robotics club'), 0, 'only the last term is a prefix')
  assert.ok(textScore(['robot'], 'robotics club') > textScore(['robot'], long))
  assert.ok(textScore(['robot'], 'robotics robots') > textScore(['robot'], 'robotics club'))
  assert.ok(textScore(['school', 'rob'], 'school robotics') > textScore(['school', 'rob'], 'school music'))
})

interface Setup {
  institution: string
  pub: TestPerson
  members: TestPerson
  hidden: TestPerson
  searcher: TestPerson
  registered: TestPerson
}

async function joinInstitution(h: Harness, person: TestPerson, institutionId: string): Promise<void> {
  await h.db
    .insertInto('memberships')
    .values({
      id: newId(),
      person_id: person.id,
      institution_id: institutionId,
      role: 'member',
      status: 'confirmed',
      created_at: new Date().toISOString(),
    })
    .execute()
}

async function patchProfile(client: Client, body: Record<string, unknown>) {
  const response = await client.api('PATCH', '/api/v1/me', body)
  assert.equal(response.status, 200, response.body)
  return response
}

eachDatabase('partners: profiles, search, contact, personal data', (h) => {
  const s = {} as Setup

  before(async () => {
    const institution = await createInstitution(h().db, { name: 'Ganja City Lyceum No. 3', city: 'Ganja' })
    s.institution = institution.id
    s.pub = await h().person({ name: 'Aynur Məmmədova' })
    s.members = await h().person({ name: 'Leyla Mammadova' })
    s.hidden = await h().person({ name: 'Hidden Həsənli' })
    s.searcher = await h().person({ name: 'Searching Teacher' })
    s.registered = await h().person({ role: 'registered', name: 'Not Yet Validated' })
    for (const p of [s.pub, s.members, s.hidden, s.searcher]) await joinInstitution(h(), p, institution.id)
    await patchProfile(await h().client(s.pub), {
      subjects: ['mathematics', 'physics'],
      languages: ['az', 'en'],
      age_min: 11,
      age_max: 14,
      looking_for_partners: true,
      idea: 'Robotics club exchange with a school abroad',
      visibility: 'public',
    })
    await patchProfile(await h().client(s.members), {
      subjects: ['history'],
      languages: ['ru'],
      age_min: 6,
      age_max: 10,
      visibility: 'members',
    })
    await patchProfile(await h().client(s.hidden), { subjects: ['mathematics'], visibility: 'hidden' })
    // What the institutions module does after creating or editing an institution (and its memberships).
    await reindexInstitution(h().db, institution.id)
  })

  test('profile: the page form saves subjects, ages, languages, idea and visibility', async () => {
    const person = await h().person({ name: 'Form Person' })
    const client = await h().client(person)
    const body = new URLSearchParams({ name: 'Form Person', locale: 'en', age_min: '6', age_max: '10' })
    body.append('subjects', 'mathematics')
    body.append('subjects', 'biology')
    body.append('languages', 'en')
    body.set('looking', 'yes')
    body.set('idea', 'Water in our towns')
    body.set('visibility', 'public')
    body.set('_csrf', await client.csrf())
    const response = await client.request({
      method: 'POST',
      url: '/profile',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: body.toString(),
    })
    assert.equal(response.status, 303, response.body)
    const me = (await client.api('GET', '/api/v1/me')).json<{ profile: Record<string, unknown> }>()
    assert.deepEqual(me.profile, {
      subjects: ['mathematics', 'biology'],
      languages: ['en'],
      ageMin: 6,
      ageMax: 10,
      lookingForPartners: true,
      idea: 'Water in our towns',
      visibility: 'public',
    })
    const page = await client.get('/profile')
    assert.match(page.body, /value="biology"[^>]*checked/)
  })

  test('profile: unknown subject, an idea over 500 characters and ages in the wrong order are refused', async () => {
    const client = await h().client(await h().person())
    const unknown = await client.api('PATCH', '/api/v1/me', { subjects: ['alchemy'] })
    assert.equal(unknown.status, 400)
    assert.equal(unknown.json<{ errors: Array<{ field: string }> }>().errors[0]?.field, 'subjects')
    const long = await client.api('PATCH', '/api/v1/me', { idea: 'x'.repeat(501) })
    assert.equal(long.status, 400)
    const ages = await client.api('PATCH', '/api/v1/me', { age_min: 15, age_max: 10 })
    assert.equal(ages.status, 400)
    assert.equal(ages.json<{ errors: Array<{ field: string }> }>().errors[0]?.field, 'age_max')
    const form = await client.form('/profile', { name: 'X', locale: 'en', age_min: '15', age_max: '10' })
    assert.equal(form.status, 400)
    assert.match(form.body, /error-summary/)
  })

  type Result = {
    total: number
    results: Array<{ id: string; name: string; canContact: boolean }>
    facets: Record<string, Array<{ value: string; count: number }>>
  }
  const search = async (client: Client, qs: string) => {
    const response = await client.get(`/api/v1/partners?${qs}`)
    assert.equal(response.status, 200, response.body)
    return response.json<Result>()
  }

  test('search: text plus two filters, with facet counts, the same on both databases', async () => {
    const member = await h().client(s.searcher)
    const result = await search(member, 'q=ganja&kind=person&subject=mathematics')
    assert.deepEqual(
      result.results.map((r) => r.name),
      ['Aynur Məmmədova'],
    )
    assert.equal(result.total, 1)
    assert.deepEqual(result.facets.age, [{ value: '11-14', count: 1 }])
    const all = await search(member, 'q=ganja&sort=recent')
    assert.deepEqual(all.facets.kind, [
      { value: 'person', count: 3 },
      { value: 'institution', count: 1 },
    ])
    assert.deepEqual(
      all.facets.subject?.map((f) => [f.value, f.count]),
      [
        ['history', 1],
        ['mathematics', 1],
        ['physics', 1],
      ],
    )
    const html = await member.get('/partners?q=ganja&subject=mathematics')
    assert.equal(html.status, 200)
    assert.match(html.body, /Aynur Məmmədova/)
    const fragment = await member.get('/partners?q=ganja', { 'hx-request': 'true' })
    assert.doesNotMatch(fragment.body, /<html/)
    assert.match(fragment.body, /id="results"/)
    // The page's status region stays in place; only its text changes, so the new count is announced once.
    assert.match(
      html.body,
      /<p id="results-status" class="visually-hidden" role="status" aria-live="polite">/,
    )
    assert.match(fragment.body, /<p id="results-status" hx-swap-oob="innerHTML">\d+ results?<\/p>/)
    assert.doesNotMatch(fragment.body, /aria-live/)
  })

  test('search: diacritic-insensitive both ways, and a word being typed matches as a prefix', async () => {
    const member = await h().client(s.searcher)
    const names = async (q: string) =>
      (await search(member, `q=${encodeURIComponent(q)}&sort=recent`)).results.map((r) => r.name).sort()
    assert.deepEqual(await names('mammadova'), ['Aynur Məmmədova', 'Leyla Mammadova'])
    assert.deepEqual(await names('MƏMMƏDOVA'), ['Aynur Məmmədova', 'Leyla Mammadova'])
    assert.deepEqual(await names('robot'), ['Aynur Məmmədova'])
    assert.deepEqual(await names('ganja lyc'), [
      'Aynur Məmmədova',
      'Ganja City Lyceum No. 3',
      'Leyla Mammadova',
      'Searching Teacher',
    ])
  })

  test('search: query syntax and SQL in the text never fail', async () => {
    const client = await h().client(s.searcher)
    for (const q of [
      '"',
      '*',
      'NEAR(',
      'a OR b',
      "' or 1=1 --",
      '"); drop table people; --',
      'x:*',
      '&|!',
      '',
    ]) {
      const response = await client.get(`/api/v1/partners?q=${encodeURIComponent(q)}`)
      assert.equal(response.status, 200, `${q}: ${response.body}`)
    }
  })

  test('visibility: visitors and registered people see public profiles only; members see members-only ones; hidden to no one', async () => {
    const ids = (r: Result) => r.results.map((x) => x.id)
    const visitor = await search(await h().client(), 'kind=person')
    const registered = await search(await h().client(s.registered), 'kind=person')
    const member = await search(await h().client(s.searcher), 'kind=person')
    for (const r of [visitor, registered]) {
      assert.ok(ids(r).includes(s.pub.id))
      assert.ok(!ids(r).includes(s.members.id))
      assert.ok(r.results.every((x) => !x.canContact))
    }
    assert.ok(ids(member).includes(s.members.id))
    assert.ok(!ids(member).includes(s.hidden.id))
    assert.ok(member.results.some((x) => x.canContact))
    const page = async (client: Client, id: string) => (await client.get(`/people/${id}`)).status
    assert.equal(await page(await h().client(), s.pub.id), 200)
    assert.equal(await page(await h().client(), s.members.id), 404)
    assert.equal(await page(await h().client(s.registered), s.members.id), 404)
    assert.equal(await page(await h().client(s.searcher), s.members.id), 200)
    assert.equal(await page(await h().client(s.searcher), s.hidden.id), 404)
    assert.equal(await page(await h().client(s.hidden), s.hidden.id), 200)
    const pupil = await h().person({ role: 'pupil' })
    assert.equal(await page(await h().client(s.searcher), pupil.id), 404)
    const body = (await (await h().client(s.searcher)).get(`/people/${s.pub.id}`)).body
    assert.ok(!body.includes(s.pub.email), 'no email address on a profile page')
  })

  test('contact: delivered once by email and on the site, without revealing addresses', async () => {
    const sender = await h().client(s.searcher)
    const response = await sender.form(`/people/${s.members.id}/contact`, {
      subject: 'Project on history',
      body: 'Shall we work together?',
    })
    assert.equal(response.status, 303, response.body)
    await h().runJobs()
    const mails = h().mail.to(s.members.email)
    assert.equal(mails.length, 1)
    assert.match(mails[0]?.text ?? '', /Shall we work together\?/)
    assert.ok(!mails[0]?.text.includes(s.searcher.email), 'the sender address is not in the mail')
    const inbox = await (await h().client(s.members)).get('/api/v1/messages')
    assert.equal(
      inbox.json<Array<{ subject: string; from: { name: string } }>>()[0]?.from.name,
      'Searching Teacher',
    )
    const inboxPage = await (await h().client(s.members)).get('/messages')
    assert.ok(!inboxPage.body.includes(s.searcher.email))
  })

  test('contact: refused to registered people and visitors, to hidden profiles and pupils, and limited to 5 an hour', async () => {
    const payload = { subject: 'Hi', body: 'Hello' }
    assert.equal(
      (await (await h().client()).api('POST', `/api/v1/people/${s.pub.id}/messages`, payload)).status,
      401,
    )
    assert.equal(
      (await (await h().client(s.registered)).api('POST', `/api/v1/people/${s.pub.id}/messages`, payload))
        .status,
      403,
    )
    const sender = await h().client(await h().person())
    assert.equal((await sender.api('POST', `/api/v1/people/${s.hidden.id}/messages`, payload)).status, 404)
    const pupil = await h().person({ role: 'pupil' })
    assert.equal((await sender.api('POST', `/api/v1/people/${pupil.id}/messages`, payload)).status, 404)
    for (let i = 0; i < 5; i++) {
      assert.equal((await sender.api('POST', `/api/v1/people/${s.pub.id}/messages`, payload)).status, 202)
    }
    const limited = await sender.api('POST', `/api/v1/people/${s.pub.id}/messages`, payload)
    assert.equal(limited.status, 429)
    assert.ok(Number(limited.headers['retry-after']) > 0)
  })

  test('personal data: the export holds every table that refers to the person, without secrets', async () => {
    const client = await h().client(s.members)
    const response = await client.get('/profile/data.json')
    assert.equal(response.status, 200)
    const data = response.json<{ person: Record<string, unknown>; tables: Record<string, unknown[]> }>()
    assert.equal(data.person.email, s.members.email)
    assert.ok(!('password_hash' in data.person))
    for (const table of ['sessions', 'memberships', 'profiles', 'contact_messages']) {
      assert.ok((data.tables[table]?.length ?? 0) > 0, `export has ${table}`)
    }
    assert.ok(!response.body.includes('id_hash'))
  })

  test('deletion: needs the password; the name and email vanish, sent messages stay as "former member"', async () => {
    const leaving = await h().person({ name: 'Leaving Teacher' })
    const recipient = s.pub
    const client = await h().client(leaving)
    await client.api('POST', `/api/v1/people/${recipient.id}/messages`, { subject: 'Bye', body: 'Kept text' })
    const wrong = await client.form('/profile/delete', { password: 'not the password at all' })
    assert.equal(wrong.status, 400)
    const ok = await client.form('/profile/delete', { password: leaving.password })
    assert.equal(ok.status, 200)
    const people = await h().db.selectFrom('people').select('id').where('email', '=', leaving.email).execute()
    assert.equal(people.length, 0)
    const named = await h()
      .db.selectFrom('people')
      .select('id')
      .where('name', '=', 'Leaving Teacher')
      .execute()
    assert.equal(named.length, 0)
    const sessions = await h()
      .db.selectFrom('sessions')
      .select('id_hash')
      .where('person_id', '=', leaving.id)
      .execute()
    assert.equal(sessions.length, 0)
    const inbox = (await (await h().client(recipient)).get('/api/v1/messages')).json<
      Array<{ body: string; from: { id: string | null; name: string } }>
    >()
    const kept = inbox.find((m) => m.body === 'Kept text')
    assert.deepEqual(kept?.from, { id: null, name: 'Former member' })
    const audit = await h()
      .db.selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'account.delete')
      .execute()
    assert.ok(audit.length >= 1)
    assert.ok(audit.every((a) => !a.details.includes(leaving.email) && a.subject_id === null))
    assert.equal((await client.get('/api/v1/me')).status, 401)
  })

  /** The facet summary recounted from the index rows, as migration 0006 fills it. */
  const recount = async () => {
    const rows = await sql<{ a: number; k: string; f: string; v: string; n: number | string }>`
      with keys (doc, k) as (
        select doc, '' from partner_search
        union all select doc, 'c:' || country from partner_search where country is not null
        union all select doc, 'r:' || region from partner_search where region is not null
        union all select doc, 't:' || institution_type from partner_search where institution_type is not null
        union all select doc, 'looking' from partner_search where looking = 1
        union all select doc, tag from partner_search_tags
      )
      select s.audience as a, s.kind as k, f.k as f, v.k as v, count(*) as n from partner_search s
        join keys f on f.doc = s.doc join keys v on v.doc = s.doc
        group by s.audience, s.kind, f.k, v.k`.execute(h().db)
    return rows.rows.map((r) => `${r.a} ${r.k} ${r.f} ${r.v} ${Number(r.n)}`).sort()
  }
  const summary = async () => {
    const rows = await sql<{ a: number; k: string; f: string; v: string; n: number | string }>`
      select audience as a, kind as k, filter_key as f, facet_key as v, n from partner_facet_counts where n <> 0`.execute(
      h().db,
    )
    return rows.rows.map((r) => `${r.a} ${r.k} ${r.f} ${r.v} ${Number(r.n)}`).sort()
  }

  test('facet summary: stays equal to a recount after profile edits, hiding, reindexing and deletion', async () => {
    assert.deepEqual(await summary(), await recount())
    const person = await h().person({ name: 'Summary Teacher' })
    await joinInstitution(h(), person, s.institution)
    const client = await h().client(person)
    await patchProfile(client, {
      subjects: ['biology', 'history'],
      languages: ['de'],
      age_min: 15,
      age_max: 18,
      looking_for_partners: true,
      visibility: 'public',
    })
    await reindexPerson(h().db, person.id)
    assert.deepEqual(await summary(), await recount())
    await patchProfile(client, { subjects: ['biology'], looking_for_partners: false, visibility: 'members' })
    assert.deepEqual(await summary(), await recount())
    await patchProfile(client, { visibility: 'hidden' })
    assert.deepEqual(await summary(), await recount())
    await patchProfile(client, { visibility: 'public' })
    await reindexInstitution(h().db, s.institution)
    assert.deepEqual(await summary(), await recount())
    const visitor = await search(await h().client(), 'subject=biology')
    assert.ok(visitor.results.some((r) => r.id === person.id))
    assert.equal(visitor.facets.subject?.find((f) => f.value === 'biology')?.count, visitor.total)
    const deleted = await client.form('/profile/delete', { password: person.password })
    assert.equal(deleted.status, 200)
    assert.deepEqual(await summary(), await recount())
  })

  test('facet counts: exact from the summary for one filter, capped lower bounds above the cap', async () => {
    const member = await h().client(s.searcher)
    const exactCount = async (where: string) => {
      const rows = await sql<{ n: number | string }>`select count(*) as n from partner_search
        where audience in (0, 1) and ${sql.raw(where)}`.execute(h().db)
      return Number(rows.rows[0]?.n)
    }
    const saved = countLimits.cap
    countLimits.cap = 1
    try {
      // One filter (or none): exact whatever the cap, from the summary table.
      const one = await search(member, 'country=AZ')
      assert.equal(one.total, await exactCount("country = 'AZ'"))
      assert.ok(one.total > 1)
      assert.equal((one as unknown as { countsExact: boolean }).countsExact, true)
      // Text over more than the cap: the total is the cap, shown as "1+", and counts are lower bounds.
      const text = (await member.get('/api/v1/partners?q=ganja&sort=recent&kind=')).json<
        Result & { totalExact: boolean; countsExact: boolean; countCap: number }
      >()
      assert.equal(text.totalExact, false)
      assert.equal(text.countsExact, false)
      assert.equal(text.total, 1)
      assert.equal(text.countCap, 1)
      assert.equal(text.results.length, 4, 'the page itself is complete')
      assert.ok(text.facets.kind?.every((k) => k.count <= 1))
      const html = await member.get('/partners?q=ganja&sort=recent&kind=', { 'hx-request': 'true' })
      assert.match(html.body, /1\+/)
      // Two filters, no text: the total is still exact (the summary knows each pair), the facets are capped.
      const pair = (await member.get('/api/v1/partners?country=AZ&type=school')).json<
        Result & { totalExact: boolean; countsExact: boolean }
      >()
      assert.equal(pair.totalExact, true)
      assert.equal(pair.countsExact, false)
      assert.equal(pair.total, await exactCount("country = 'AZ' and institution_type = 'school'"))
    } finally {
      countLimits.cap = saved
    }
    // Below the cap, the same kind of query is exact.
    const small = (await member.get('/api/v1/partners?q=ganja&kind=person')).json<
      Result & { totalExact: boolean; countsExact: boolean }
    >()
    assert.equal(small.totalExact, true)
    assert.equal(small.countsExact, true)
    assert.equal(small.total, 3)
  })

  test('scan window: a search reads at most the newest scan rows of its most selective filter; pages stay right', async () => {
    for (const name of ['Window Ana', 'Window Bea', 'Window Cem', 'Window Dan', 'Window Eda']) {
      const person = await h().person({ name })
      await joinInstitution(h(), person, s.institution)
      await patchProfile(await h().client(person), {
        subjects: ['chemistry'],
        languages: ['az'],
        looking_for_partners: true,
        visibility: 'public',
      })
    }
    type Full = Result & { totalExact: boolean; countsExact: boolean; results: Array<{ id: string }> }
    const member = await h().client(s.searcher)
    const queries = ['country=AZ&subject=chemistry&looking=yes', 'q=window&subject=chemistry&language=az']
    const saved = countLimits.scan
    const windowed: Full[] = []
    countLimits.scan = 2
    try {
      for (const qs of queries) windowed.push((await member.get(`/api/v1/partners?${qs}`)).json<Full>())
    } finally {
      countLimits.scan = saved
    }
    await reindexInstitution(h().db, s.institution) // a new index version: nothing answered from the cache
    for (const [i, qs] of queries.entries()) {
      const full = (await member.get(`/api/v1/partners?${qs}`)).json<Full>()
      const part = windowed[i] as Full
      assert.equal(full.total, 5, qs)
      assert.equal(full.totalExact, true)
      assert.equal(part.totalExact, false, qs)
      assert.equal(part.countsExact, false)
      assert.ok(part.total >= 1 && part.total < full.total, `${qs}: a lower bound`)
      for (const [facet, values] of Object.entries(part.facets)) {
        for (const v of values) {
          const exact = full.facets[facet]?.find((f) => f.value === v.value)?.count ?? 0
          assert.ok(v.count <= exact, `${qs}: ${facet}=${v.value} ${v.count} <= ${exact}`)
        }
      }
      if (!qs.startsWith('q=')) {
        // Without text the page is the true newest-first page, read further than the window when needed.
        assert.deepEqual(
          part.results.map((r) => r.id),
          full.results.map((r) => r.id),
        )
      } else {
        // With text the page ranks the candidates the window found: a subset of the matches.
        const all = new Set(full.results.map((r) => r.id))
        assert.ok(part.results.length >= 1 && part.results.every((r) => all.has(r.id)))
      }
    }
    // A page beyond the window walks at most the driver's newest `walk` rows (here 3 of the 5 chemistry teachers).
    const full = (await member.get(`/api/v1/partners?${queries[0]}`)).json<Full>()
    const limits = { ...countLimits }
    Object.assign(countLimits, { scan: 2, walk: 3 })
    try {
      await reindexInstitution(h().db, s.institution)
      const walked = (await member.get(`/api/v1/partners?${queries[0]}`)).json<Full>()
      assert.deepEqual(
        walked.results.map((r) => r.id),
        full.results.slice(0, 3).map((r) => r.id),
      )
    } finally {
      Object.assign(countLimits, limits)
    }
  })
})
