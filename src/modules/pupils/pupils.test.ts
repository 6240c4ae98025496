import assert from 'node:assert/strict'
import { test } from 'node:test'
import { addressedClient } from '../../../test/helpers/addressed-client.ts'
import type { Client } from '../../../test/helpers/client.ts'
import { createInstitution, type TestPerson } from '../../../test/helpers/factories.ts'
import { eachDatabase, type Harness } from '../../../test/helpers/harness.ts'
import { addProjectMember, createProject, type ProjectOptions } from '../../../test/helpers/projects.ts'
import type { Role } from '../../platform/policy.ts'
import { notify } from '../notifications/service.ts'
import {
  CODE_ALPHABET,
  CODE_LENGTH,
  formatPupilCode,
  hashPupilCode,
  newPupilCode,
  normalisePupilCode,
} from './code.ts'

/** Clients on their own addresses in 10.53.x.x: the code sign-in is rate-limited per address. */
function clientFor(h: Harness, person?: TestPerson): Client {
  return addressedClient(h, 53, person)
}

test('codes: ten characters from an alphabet without 0/O/1/I/L, typed in any case with spaces and dashes', () => {
  for (const ambiguous of '0O1IL') assert.ok(!CODE_ALPHABET.includes(ambiguous), ambiguous)
  const seen = new Set<string>()
  for (let i = 0; i < 200; i++) {
    const { code, hash } = newPupilCode()
    assert.equal(code.length, CODE_LENGTH)
    assert.ok(
      [...code].every((c) => CODE_ALPHABET.includes(c)),
      code,
    )
    assert.equal(hash, hashPupilCode(code))
    assert.notEqual(hash, code)
    seen.add(code)
  }
  assert.equal(seen.size, 200, 'codes do not repeat')
  assert.equal(formatPupilCode('ABCDEFGHJK'), 'ABCDE-FGHJK')
  assert.equal(normalisePupilCode(' abcde – fghjk '), 'ABCDEFGHJK')
  assert.equal(hashPupilCode('abcde fghjk'), hashPupilCode('ABCDE-FGHJK'))
})

/** A teacher's approved, open project with a second founder from another institution. */
async function projectOf(h: Harness, founder: TestPerson, options: Partial<ProjectOptions> = {}) {
  const [a, b] = [await createInstitution(h.db), await createInstitution(h.db)]
  const cofounder = await h.person({ role: 'member' })
  return createProject(h.db, {
    founders: [
      { personId: founder.id, institutionId: a.id },
      { personId: cofounder.id, institutionId: b.id },
    ],
    ...options,
  })
}

/** The code on a card page, as printed (grouped). */
function codeOnCard(html: string): string {
  const code = html.match(/class="pupil-code">([A-Z0-9-]+)</)?.[1]
  assert.ok(code, 'the card shows the code')
  return code
}

async function addPupil(h: Harness, teacher: TestPerson, projectId: string, pseudonym: string) {
  const response = await clientFor(h, teacher).form(`/projects/${projectId}/pupils`, { pseudonym })
  assert.equal(response.status, 200, response.body.slice(0, 300))
  const pupil = await h.db
    .selectFrom('pupils')
    .innerJoin('people', 'people.id', 'pupils.person_id')
    .select(['people.id', 'people.email', 'people.kind', 'people.password_hash', 'pupils.code_hash'])
    .where('pupils.project_id', '=', projectId)
    .where('people.name', '=', pseudonym)
    .executeTakeFirstOrThrow()
  return { ...pupil, code: codeOnCard(response.body), page: response }
}

function signIn(client: Client, code: string) {
  return client.form('/sign-in/pupil', { code })
}

/** The main content of a page without the per-response CSRF token, to compare two answers. */
function mainContent(html: string): string {
  const main = html.match(/<main[^>]*>([\s\S]*)<\/main>/)?.[1] ?? ''
  return main.replace(/name="_csrf" value="[^"]*"/g, 'name="_csrf"').replace(/value="[^"]*"/g, 'value=""')
}

eachDatabase('pupils: project-only accounts and one-time codes', (h) => {
  test('a teacher adds a pupil, hands out the printed code, and the pupil signs in with it once', async () => {
    const teacher = await h().person({ role: 'member' })
    const project = await projectOf(h(), teacher)
    const teacherClient = clientFor(h(), teacher)

    const list = await teacherClient.get(`/projects/${project.id}/pupils`)
    assert.equal(list.status, 200)
    assert.match(list.body, /<form method="post" action="\/projects\/[^"]+\/pupils"/)
    assert.match(list.body, /name="pseudonym"/)
    assert.ok(!/name="email"/.test(list.body), 'no email is asked for')

    const pupil = await addPupil(h(), teacher, project.id, 'Aysel')
    assert.equal(pupil.page.headers['cache-control'], 'no-store')
    assert.match(pupil.page.body, /http:\/\/localhost:3000\/sign-in\/pupil/)
    assert.match(pupil.code, /^[A-Z2-9]{5}-[A-Z2-9]{5}$/)
    assert.equal(pupil.kind, 'pupil')
    assert.equal(pupil.password_hash, null)
    assert.match(pupil.email, /^pupil-[0-9a-f-]{36}@pupils\.invalid$/)
    // Only the hash is kept.
    assert.equal(pupil.code_hash, hashPupilCode(pupil.code))
    const member = await h()
      .db.selectFrom('project_members')
      .select(['role', 'status', 'invited_by'])
      .where('project_id', '=', project.id)
      .where('person_id', '=', pupil.id)
      .executeTakeFirstOrThrow()
    assert.deepEqual(member, { role: 'pupil', status: 'active', invited_by: teacher.id })
    const logged = await h()
      .db.selectFrom('audit_log')
      .select(['actor_id', 'details'])
      .where('action', '=', 'pupil.create')
      .where('subject_id', '=', pupil.id)
      .executeTakeFirstOrThrow()
    assert.equal(logged.actor_id, teacher.id)
    assert.ok(!logged.details.includes('Aysel'), 'the audit log carries no pseudonym')

    const pupilClient = clientFor(h())
    const form = await pupilClient.get('/sign-in/pupil')
    assert.equal(form.status, 200)
    assert.match(form.body, /name="code"/)
    // Typed as a child might: lower case, a space instead of the dash.
    const signedIn = await signIn(pupilClient, pupil.code.toLowerCase().replace('-', ' '))
    assert.equal(signedIn.status, 303)
    assert.equal(signedIn.headers.location, `/projects/${project.id}/workspace`)
    const me = await pupilClient.get('/api/v1/me')
    assert.equal(me.status, 200)
    assert.deepEqual(me.json().roles, ['pupil'])
    const back = await pupilClient.get('/my-project')
    assert.equal(back.status, 303)
    assert.equal(back.headers.location, `/projects/${project.id}/workspace`)
    // The workspace (issue 5, its own module) lets them in; another project's does not exist for them.
    assert.equal((await pupilClient.get(`/projects/${project.id}/workspace`)).status, 200)
    const elsewhere = await projectOf(h(), await h().person({ role: 'member' }))
    assert.equal((await pupilClient.get(`/projects/${elsewhere.id}/workspace`)).status, 404)
    const signInAgain = await pupilClient.get('/sign-in/pupil')
    assert.equal(signInAgain.status, 303, 'a signed-in pupil is sent to their project')
    assert.equal(signInAgain.headers.location, '/my-project')

    // The code works once.
    const again = await signIn(clientFor(h()), pupil.code)
    assert.equal(again.status, 400)
    assert.match(again.body, /This code does not work/)
    const row = await h()
      .db.selectFrom('pupils')
      .select(['code_hash', 'code_used_at'])
      .where('person_id', '=', pupil.id)
      .executeTakeFirstOrThrow()
    assert.equal(row.code_hash, null)
    assert.ok(row.code_used_at)
    assert.match((await teacherClient.get(`/projects/${project.id}/pupils`)).body, /Signed in on/)
  })

  test('a wrong, a used and an expired code get one and the same answer', async () => {
    const teacher = await h().person({ role: 'member' })
    const project = await projectOf(h(), teacher)
    const expired = await addPupil(h(), teacher, project.id, 'Expired')
    await h()
      .db.updateTable('pupils')
      .set({ code_expires_at: new Date(Date.now() - 1000).toISOString() })
      .where('person_id', '=', expired.id)
      .execute()
    const used = await addPupil(h(), teacher, project.id, 'Used')
    assert.equal((await signIn(clientFor(h()), used.code)).status, 303)

    const answers = await Promise.all(
      ['ABCDE-FGHJK', expired.code, used.code].map((code) => signIn(clientFor(h()), code)),
    )
    for (const answer of answers) {
      assert.equal(answer.status, 400)
      assert.match(answer.body, /This code does not work/)
      assert.ok(!answer.headers['set-cookie']?.toString().includes('korpu_session='))
    }
    const [first, ...rest] = answers.map((a) => mainContent(a.body))
    for (const other of rest) assert.equal(other, first)
    assert.match(
      (await clientFor(h(), teacher).get(`/projects/${project.id}/pupils`)).body,
      /Expired: create/,
    )
  })

  test('a new code replaces the previous one and signs the pupil out everywhere', async () => {
    const teacher = await h().person({ role: 'member' })
    const project = await projectOf(h(), teacher)
    const pupil = await addPupil(h(), teacher, project.id, 'Kamal')
    // Someone found the card and used it before the teacher heard it was lost.
    const finder = clientFor(h())
    assert.equal((await signIn(finder, pupil.code)).status, 303)
    assert.equal((await finder.get('/api/v1/me')).status, 200)
    const renewed = await clientFor(h(), teacher).form(`/projects/${project.id}/pupils/${pupil.id}/code`, {})
    assert.equal(renewed.status, 200)
    assert.equal(renewed.headers['cache-control'], 'no-store')
    const code = codeOnCard(renewed.body)
    assert.notEqual(code, pupil.code)
    assert.equal((await finder.get('/api/v1/me')).status, 401, 'a new code signs the pupil out everywhere')
    assert.equal((await signIn(clientFor(h()), pupil.code)).status, 400)
    assert.equal((await signIn(clientFor(h()), code)).status, 303)
  })

  test('one address cannot try more than ten codes a minute', async () => {
    const client = clientFor(h())
    for (let attempt = 1; attempt <= 10; attempt++) {
      assert.equal((await signIn(client, `WRONG-${attempt}`)).status, 400, `attempt ${attempt}`)
    }
    const limited = await signIn(client, 'WRONG-11')
    assert.equal(limited.status, 429)
    assert.ok(Number(limited.headers['retry-after']) > 0)
    assert.equal((await signIn(clientFor(h()), 'WRONG-12')).status, 400, 'another address is not affected')
  })

  test('bad pseudonyms are refused with the typed value kept: empty, too long, an address, a phone number, a twin', async () => {
    const teacher = await h().person({ role: 'member' })
    const project = await projectOf(h(), teacher)
    await addPupil(h(), teacher, project.id, 'Nigar')
    const client = clientFor(h(), teacher)
    const cases: Array<[string, number, RegExp]> = [
      ['   ', 400, /Enter a value/],
      ['x'.repeat(61), 400, /60/],
      ['nigar.aliyeva@mail.az', 400, /looks like an email address/],
      ['+994 50 123 45 67', 400, /looks like a phone number/],
      ['nigar', 409, /already has this pseudonym/],
    ]
    for (const [pseudonym, status, message] of cases) {
      const response = await client.form(`/projects/${project.id}/pupils`, { pseudonym })
      assert.equal(response.status, status, pseudonym)
      assert.match(response.body, message, pseudonym)
      assert.match(response.body, /class="error-summary"/)
      if (pseudonym.trim())
        assert.ok(response.body.includes(`value="${pseudonym}"`), 'the typed value is kept')
    }
    const count = await h()
      .db.selectFrom('pupils')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('project_id', '=', project.id)
      .executeTakeFirstOrThrow()
    assert.equal(Number(count.n), 1)
    assert.equal((await signIn(clientFor(h()), '')).status, 400, 'an empty code is a field error')
  })

  test('a teacher deletes a pupil: the person, their membership, code and sessions go; the audit log says who did it', async () => {
    const teacher = await h().person({ role: 'member' })
    const project = await projectOf(h(), teacher)
    const pupil = await addPupil(h(), teacher, project.id, 'Leyla')
    const pupilClient = clientFor(h())
    assert.equal((await signIn(pupilClient, pupil.code)).status, 303)
    const teacherClient = clientFor(h(), teacher)

    const confirm = await teacherClient.get(`/projects/${project.id}/pupils/${pupil.id}/delete`)
    assert.equal(confirm.status, 200)
    assert.match(confirm.body, /Delete Leyla\?/)
    assert.match(confirm.body, new RegExp(`action="/projects/${project.id}/pupils/${pupil.id}/delete"`))
    const deleted = await teacherClient.form(`/projects/${project.id}/pupils/${pupil.id}/delete`, {})
    assert.equal(deleted.status, 303)
    assert.equal(deleted.headers.location, `/projects/${project.id}/pupils?deleted=1`)

    const db = h().db
    assert.equal(
      await db.selectFrom('people').select('id').where('id', '=', pupil.id).executeTakeFirst(),
      undefined,
    )
    assert.equal(
      await db.selectFrom('pupils').select('person_id').where('person_id', '=', pupil.id).executeTakeFirst(),
      undefined,
    )
    assert.equal(
      await db
        .selectFrom('project_members')
        .select('id')
        .where('person_id', '=', pupil.id)
        .executeTakeFirst(),
      undefined,
    )
    assert.equal(
      await db.selectFrom('sessions').select('id_hash').where('person_id', '=', pupil.id).executeTakeFirst(),
      undefined,
    )
    assert.equal((await pupilClient.get('/api/v1/me')).status, 401, 'the pupil is signed out')
    const logged = await db
      .selectFrom('audit_log')
      .select('actor_id')
      .where('action', '=', 'pupil.delete')
      .where('subject_id', '=', pupil.id)
      .executeTakeFirstOrThrow()
    assert.equal(logged.actor_id, teacher.id)
    const after = await teacherClient.get(`/projects/${project.id}/pupils?deleted=1`)
    assert.match(after.body, /The pupil&#39;s account was deleted|The pupil's account was deleted/)
    assert.ok(!after.body.includes('Leyla'))
    assert.equal((await teacherClient.get(`/projects/${project.id}/pupils/${pupil.id}/delete`)).status, 404)
  })

  test("every role on the pupils pages: only the project's teachers; outsiders learn nothing (404)", async () => {
    const teacher = await h().person({ role: 'member' })
    const project = await projectOf(h(), teacher)
    const pupil = await addPupil(h(), teacher, project.id, 'Murad')
    const partnerTeacher = await h().person({ role: 'member' })
    await addProjectMember(h().db, project.id, partnerTeacher.id, 'teacher')
    const invited = await h().person({ role: 'member' })
    await addProjectMember(h().db, project.id, invited.id, 'teacher', 'invited')
    const otherTeacher = await h().person({ role: 'member' })
    const other = await projectOf(h(), otherTeacher)
    const otherPupil = await addPupil(h(), otherTeacher, other.id, 'Elsewhere')

    const pupilClient = clientFor(h())
    assert.equal((await signIn(pupilClient, pupil.code)).status, 303)
    const otherPupilClient = clientFor(h())
    assert.equal((await signIn(otherPupilClient, otherPupil.code)).status, 303)

    const base = `/projects/${project.id}/pupils`
    const pages: Array<{ method: 'GET' | 'POST'; url: string; ok: number }> = [
      { method: 'GET', url: base, ok: 200 },
      { method: 'GET', url: `${base}/${pupil.id}/delete`, ok: 200 },
      { method: 'POST', url: `${base}/${pupil.id}/code`, ok: 200 },
    ]
    const byRole = async (role: Exclude<Role, 'visitor'>) => clientFor(h(), await h().person({ role }))
    const who: Array<[string, Client, 'ok' | 403 | 404 | 'sign-in']> = [
      ['invited, not yet accepted', clientFor(h(), invited), 404],
      ["the project's pupil", pupilClient, 403],
      ["another project's pupil", otherPupilClient, 404],
      ["another project's teacher", clientFor(h(), otherTeacher), 404],
      ['member', await byRole('member'), 404],
      ['institution admin', await byRole('institution_admin'), 404],
      ['editor', await byRole('editor'), 404],
      ['coordinator', await byRole('coordinator'), 404],
      ['platform admin', await byRole('platform_admin'), 404],
      ['registered', await byRole('registered'), 403],
      ['visitor', clientFor(h()), 'sign-in'],
      // Teachers last: their new code signs the project's pupil out.
      ['founder', clientFor(h(), teacher), 'ok'],
      ['partner teacher', clientFor(h(), partnerTeacher), 'ok'],
    ]
    // Deleting: neither a classmate nor an outsider can; nothing changes.
    assert.equal((await pupilClient.form(`${base}/${pupil.id}/delete`, {})).status, 403)
    const failures: string[] = []
    for (const [name, client, expected] of who) {
      for (const page of pages) {
        const response = page.method === 'GET' ? await client.get(page.url) : await client.form(page.url, {})
        const want =
          expected === 'ok'
            ? page.ok
            : expected === 'sign-in'
              ? page.method === 'GET'
                ? 303
                : 401
              : expected
        if (response.status !== want)
          failures.push(`${name} ${page.method} ${page.url}: ${response.status}, expected ${want}`)
      }
      const add = await client.form(base, { pseudonym: `Tried by ${name}`.slice(0, 60) })
      const wantAdd = expected === 'ok' ? 200 : expected === 'sign-in' ? 401 : expected
      if (add.status !== wantAdd) failures.push(`${name} adding: ${add.status}, expected ${wantAdd}`)
    }
    assert.deepEqual(failures, [])
    const coordinator = await byRole('coordinator')
    assert.equal((await coordinator.form(`${base}/${pupil.id}/delete`, {})).status, 404)
    assert.equal((await clientFor(h(), otherTeacher).form(`${base}/${pupil.id}/delete`, {})).status, 404)
    assert.ok(await h().db.selectFrom('people').select('id').where('id', '=', pupil.id).executeTakeFirst())
    // A pupil id from another project is not found through this project.
    assert.equal((await clientFor(h(), teacher).get(`${base}/${otherPupil.id}/delete`)).status, 404)
    assert.equal((await clientFor(h(), teacher).form(`${base}/${otherPupil.id}/delete`, {})).status, 404)
  })

  test('pupils are added only to an approved project with an open workspace', async () => {
    const teacher = await h().person({ role: 'member' })
    const archived = await projectOf(h(), teacher, { workspaceState: 'archived' })
    const client = clientFor(h(), teacher)
    const list = await client.get(`/projects/${archived.id}/pupils`)
    assert.equal(list.status, 200)
    assert.match(
      list.body,
      /only while the project&#39;s workspace is open|only while the project's workspace is open/,
    )
    assert.ok(!list.body.includes('name="pseudonym"'))
    const refused = await client.form(`/projects/${archived.id}/pupils`, { pseudonym: 'Late' })
    assert.equal(refused.status, 403)
    assert.match(refused.body, /workspace is open/)
    const inReview = await projectOf(h(), teacher, { status: 'in_review' })
    assert.equal((await client.get(`/projects/${inReview.id}/pupils`)).status, 403)
    assert.equal((await client.form(`/projects/${inReview.id}/pupils`, { pseudonym: 'Early' })).status, 403)
  })

  test('a signed-in pupil cannot write to members, read messages or apply; their pages lead to their project only', async () => {
    const teacher = await h().person({ role: 'member' })
    const project = await projectOf(h(), teacher)
    const pupil = await addPupil(h(), teacher, project.id, 'Orxan')
    const client = clientFor(h())
    assert.equal((await signIn(client, pupil.code)).status, 303)

    assert.equal((await client.get('/messages')).status, 403)
    assert.equal((await client.get('/api/v1/messages')).status, 403)
    assert.equal(
      (await client.form(`/people/${teacher.id}/contact`, { message: 'Hello from a pupil' })).status,
      403,
    )
    assert.equal(
      (await client.api('POST', `/api/v1/people/${teacher.id}/messages`, { message: 'Hi' })).status,
      403,
    )
    assert.equal((await client.get('/application')).status, 403)
    assert.equal((await client.get('/profile/delete')).status, 403)
    assert.equal((await client.form('/profile', { name: 'Real Name' })).status, 403)

    const home = await client.get('/')
    assert.match(home.body, /href="\/my-project"/)
    assert.ok(!home.body.includes('class="sections"'), 'no site sections for a pupil')
    assert.ok(!home.body.includes('href="/messages"'))

    const profile = await client.get('/profile')
    assert.equal(profile.status, 200)
    assert.ok(!profile.body.includes('pupils.invalid'), 'the placeholder address is not shown')
    assert.match(profile.body, /href="\/profile\/data.json"/)
    const data = await client.get('/profile/data.json')
    assert.equal(data.status, 200)
    const exported = data.json<{
      person: Record<string, unknown>
      tables: Record<string, Array<Record<string, unknown>>>
    }>()
    assert.equal(exported.person.name, 'Orxan')
    assert.equal(exported.person.kind, 'pupil')
    assert.equal(exported.tables.pupils?.[0]?.project_id, project.id)
    assert.ok(!JSON.stringify(exported).includes('code_hash'))

    // Pupils never reach the teachers' pages of their own project.
    assert.equal((await client.get(`/projects/${project.id}/pupils`)).status, 403)
  })

  test('the sign-in page offers pupils their own way in', async () => {
    const page = await clientFor(h()).get('/sign-in')
    assert.match(page.body, /href="\/sign-in\/pupil"/)
    assert.match(page.body, /Pupil\? Sign in with your code/)
  })
})

eachDatabase('pupils: notifications on the site only', (h) => {
  test('a notification to a pupil is on the site, and no mail is queued to their .invalid address', async () => {
    const teacher = await h().person({ role: 'member' })
    const project = await projectOf(h(), teacher)
    const pupil = await addPupil(h(), teacher, project.id, 'Sevinc')
    await h()
      .db.transaction()
      .execute(async (trx) => {
        await notify(trx, h().config, {
          personId: pupil.id,
          kind: 'test.pupil',
          title: { key: 'pupils.my_project' },
          body: { key: 'pupils.my_project' },
          link: `/projects/${project.id}/workspace`,
        })
        await notify(trx, h().config, {
          personId: teacher.id,
          kind: 'test.pupil',
          title: { key: 'pupils.my_project' },
          body: { key: 'pupils.my_project' },
          link: null,
        })
      })
    const notes = await h()
      .db.selectFrom('notifications')
      .select('person_id')
      .where('kind', '=', 'test.pupil')
      .execute()
    assert.deepEqual(new Set(notes.map((n) => n.person_id)), new Set([pupil.id, teacher.id]))
    const mails = await h().db.selectFrom('jobs').select('payload').where('kind', '=', 'mail.send').execute()
    assert.ok(
      mails.some((m) => m.payload.includes(teacher.email)),
      'the teacher is mailed',
    )
    assert.ok(!mails.some((m) => m.payload.includes('.invalid')), 'nothing is queued to a .invalid address')
  })
})
