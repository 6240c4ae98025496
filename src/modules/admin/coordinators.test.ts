import assert from 'node:assert/strict'
import { test } from 'node:test'
import type { Client } from '../../../test/helpers/client.ts'
import { signInAgain } from '../../../test/helpers/factories.ts'
import { eachDatabase } from '../../../test/helpers/harness.ts'
import { newId } from '../../db/ids.ts'

eachDatabase('admin: coordinators and their regions', (h) => {
  /** Submits the regions form as a browser does: one `regions` field per chosen option. */
  async function postRegions(client: Client, personId: string, regions: string[]) {
    const body = new URLSearchParams({ _csrf: await client.csrf() })
    for (const region of regions) body.append('regions', region)
    return client.request({
      method: 'POST',
      url: `/admin/coordinators/${personId}/regions`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: body.toString(),
    })
  }

  async function regionsOf(personId: string) {
    const rows = await h()
      .db.selectFrom('coordinator_regions')
      .select('region')
      .where('person_id', '=', personId)
      .orderBy('region')
      .execute()
    return rows.map((r) => r.region)
  }

  async function auditRows(action: string, subjectId: string) {
    return h()
      .db.selectFrom('audit_log')
      .select(['actor_id', 'details'])
      .where('action', '=', action)
      .where('subject_id', '=', subjectId)
      .execute()
  }

  async function grants(personId: string) {
    const rows = await h()
      .db.selectFrom('role_grants')
      .select('role')
      .where('person_id', '=', personId)
      .execute()
    return rows.map((r) => r.role)
  }

  test('only platform administrators reach the page and its forms', async () => {
    const visitor = await (await h().client()).get('/admin/coordinators')
    assert.equal(visitor.status, 303)
    assert.equal(visitor.headers.location, '/sign-in?next=%2Fadmin%2Fcoordinators')
    const coordinator = await h().person({ role: 'coordinator' })
    for (const role of ['registered', 'member', 'institution_admin', 'editor', 'coordinator'] as const) {
      const client = await h().client(await h().person({ role }))
      assert.equal((await client.get('/admin/coordinators')).status, 403, role)
      assert.equal((await postRegions(client, coordinator.id, ['AZ-BA'])).status, 403, role)
      assert.equal(
        (await client.form('/admin/coordinators/role', { email: coordinator.email, action: 'revoke' }))
          .status,
        403,
        role,
      )
    }
    assert.deepEqual(await regionsOf(coordinator.id), [])
    assert.deepEqual(await grants(coordinator.id), ['coordinator'])
  })

  test('lists coordinators with their regions by name; sets and clears regions, one audit row each', async () => {
    const admin = await h().person({ role: 'platform_admin' })
    const client = await h().client(admin)
    const coordinator = await h().person({ role: 'coordinator', name: 'Kamran Coordinator' })

    const page = await client.get('/admin/coordinators')
    assert.equal(page.status, 200)
    assert.match(page.body, /Kamran Coordinator/)
    assert.match(page.body, /All regions/)
    assert.match(page.body, /<optgroup label="[^"]+"/, 'subdivisions grouped by economic region')
    assert.match(page.body, /<option value="AZ-GA"/)

    const saved = await postRegions(client, coordinator.id, ['AZ-GA', 'az-ba', 'AZ-GA'])
    assert.equal(saved.status, 303, saved.body.slice(0, 400))
    assert.equal(saved.headers.location, '/admin/coordinators?done=regions')
    assert.deepEqual(await regionsOf(coordinator.id), ['AZ-BA', 'AZ-GA'])
    const rows = await auditRows('coordinator.regions', coordinator.id)
    assert.equal(rows.length, 1)
    assert.equal(rows[0]?.actor_id, admin.id)
    assert.deepEqual(JSON.parse(rows[0]?.details ?? '{}'), { regions: ['AZ-BA', 'AZ-GA'] })

    const after = await client.get('/admin/coordinators?done=regions')
    assert.match(after.body, /The regions were saved/)
    assert.match(after.body, /Bak/)
    assert.match(after.body, /<option value="AZ-GA" selected/)

    const cleared = await postRegions(client, coordinator.id, [])
    assert.equal(cleared.status, 303)
    assert.deepEqual(await regionsOf(coordinator.id), [])
    assert.equal((await auditRows('coordinator.regions', coordinator.id)).length, 2)
  })

  test('bad input: unknown or over-long region codes, a person who is not a coordinator; nothing written', async () => {
    const client = await h().client(await h().person({ role: 'platform_admin' }))
    const coordinator = await h().person({ role: 'coordinator' })
    await postRegions(client, coordinator.id, ['AZ-SAK'])

    const unknown = await postRegions(client, coordinator.id, ['AZ-BA', 'AZ-ZZZ'])
    assert.equal(unknown.status, 400)
    assert.match(unknown.body, /Unknown region: AZ-ZZZ/)
    const foreign = await postRegions(client, coordinator.id, ['GE-TB'])
    assert.equal(foreign.status, 400)
    const long = await postRegions(client, coordinator.id, ['AZ-BA'.repeat(10)])
    assert.equal(long.status, 400)
    const many = await postRegions(
      client,
      coordinator.id,
      Array.from({ length: 201 }, () => 'AZ-BA'),
    )
    assert.equal(many.status, 400)
    assert.deepEqual(await regionsOf(coordinator.id), ['AZ-SAK'], 'unchanged')

    const member = await h().person({ role: 'member' })
    assert.equal((await postRegions(client, member.id, ['AZ-BA'])).status, 404)
    assert.equal((await postRegions(client, newId(), ['AZ-BA'])).status, 404)
    assert.equal((await postRegions(client, 'not-an-id', ['AZ-BA'])).status, 400)
    assert.deepEqual(await regionsOf(member.id), [])
    assert.equal((await auditRows('coordinator.regions', coordinator.id)).length, 1)
  })

  test('grant and revoke by email: audited; revoking clears the regions and ends the role at once', async () => {
    const admin = await h().person({ role: 'platform_admin' })
    const client = await h().client(admin)
    const person = await h().person({ role: 'member', name: 'Leyla Future Coordinator' })

    const granted = await client.form('/admin/coordinators/role', {
      email: `  ${person.email.toUpperCase()} `,
      action: 'grant',
    })
    assert.equal(granted.status, 303, granted.body.slice(0, 400))
    assert.equal(granted.headers.location, '/admin/coordinators?done=grant')
    assert.deepEqual(await grants(person.id), ['coordinator'])
    assert.equal((await auditRows('role.grant', person.id)).length, 1)
    const asCoordinator = await h().client(person)
    assert.equal((await asCoordinator.get('/review/applications')).status, 200)

    const again = await client.form('/admin/coordinators/role', { email: person.email, action: 'grant' })
    assert.equal(again.status, 409)
    assert.match(again.body, /already holds the coordinator role/)

    await postRegions(client, person.id, ['AZ-GA'])
    const revoked = await client.form('/admin/coordinators/role', { email: person.email, action: 'revoke' })
    assert.equal(revoked.status, 303)
    assert.deepEqual(await grants(person.id), [])
    assert.deepEqual(await regionsOf(person.id), [])
    const rows = await auditRows('role.revoke', person.id)
    assert.equal(rows.length, 1)
    assert.deepEqual(JSON.parse(rows[0]?.details ?? '{}'), { role: 'coordinator', regions_cleared: 1 })
    // The revocation ends the session begun with the role; signed in again, the person is refused.
    assert.equal((await asCoordinator.get('/api/v1/me')).status, 401, 'the revocation ends the session')
    assert.equal(
      (await (await h().client(await signInAgain(h().db, person))).get('/review/applications')).status,
      403,
      'the role ends with the revocation',
    )

    const notCoordinator = await client.form('/admin/coordinators/role', {
      email: person.email,
      action: 'revoke',
    })
    assert.equal(notCoordinator.status, 409)
  })

  test('grant: unknown email, a pupil, a bad action or an over-long address are refused without a change', async () => {
    const client = await h().client(await h().person({ role: 'platform_admin' }))
    const nobody = await client.form('/admin/coordinators/role', {
      email: 'nobody@example.org',
      action: 'grant',
    })
    assert.equal(nobody.status, 400)
    assert.match(nobody.body, /No account has this email address/)
    const pupil = await h().person({ role: 'pupil' })
    const refused = await client.form('/admin/coordinators/role', { email: pupil.email, action: 'grant' })
    assert.equal(refused.status, 400)
    assert.deepEqual(await grants(pupil.id), [])
    const member = await h().person({ role: 'member' })
    assert.equal(
      (await client.form('/admin/coordinators/role', { email: member.email, action: 'promote' })).status,
      400,
    )
    assert.equal(
      (
        await client.form('/admin/coordinators/role', {
          email: `${'a'.repeat(250)}@example.org`,
          action: 'grant',
        })
      ).status,
      400,
    )
    assert.deepEqual(await grants(member.id), [])
    const count = await h()
      .db.selectFrom('audit_log')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('subject_id', 'in', [pupil.id, member.id])
      .executeTakeFirstOrThrow()
    assert.equal(Number(count.n), 0)
  })
})
