import assert from 'node:assert/strict'
import { test } from 'node:test'
import { createInstitution } from '../../../test/helpers/factories.ts'
import { eachDatabase } from '../../../test/helpers/harness.ts'
import { newId } from '../../db/ids.ts'

eachDatabase('an institution page lists its people as their profiles allow', (h) => {
  test('public profiles for everyone, members-only profiles for members, hidden ones for nobody', async () => {
    const school = await createInstitution(h().db, { name: 'Visibility Test School' })
    const people = {
      public: await h().person({ role: 'member', name: 'Pervin Public' }),
      members: await h().person({ role: 'member', name: 'Mehriban Members' }),
      hidden: await h().person({ role: 'member', name: 'Hikmet Hidden' }),
    }
    for (const [visibility, person] of Object.entries(people)) {
      await h()
        .db.insertInto('memberships')
        .values({
          id: newId(),
          person_id: person.id,
          institution_id: school.id,
          role: 'member',
          status: 'confirmed',
          created_at: new Date().toISOString(),
        })
        .execute()
      const saved = await (await h().client(person)).api('PATCH', '/api/v1/me', { visibility })
      assert.equal(saved.status, 200, saved.body)
    }
    const slug = (
      await h()
        .db.selectFrom('institutions')
        .select('slug')
        .where('id', '=', school.id)
        .executeTakeFirstOrThrow()
    ).slug
    const asVisitor = (await (await h().client()).get(`/institutions/${slug}`)).body
    assert.match(asVisitor, /Pervin Public/)
    assert.doesNotMatch(asVisitor, /Mehriban Members|Hikmet Hidden/)
    const asMember = (
      await (await h().client(await h().person({ role: 'member' }))).get(`/institutions/${slug}`)
    ).body
    assert.match(asMember, /Pervin Public/)
    assert.match(asMember, /Mehriban Members/)
    assert.doesNotMatch(asMember, /Hikmet Hidden/)
  })
})
