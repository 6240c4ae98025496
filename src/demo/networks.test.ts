import assert from 'node:assert/strict'
import { test } from 'node:test'
import { createInstitution } from '../../test/helpers/factories.ts'
import { eachDatabase } from '../../test/helpers/harness.ts'
import { seedConsortia } from './consortia.ts'
import { seedNetworks } from './networks.ts'

eachDatabase('demo networks', (h) => {
  test('a rectors’ conference founded by the demo consortium, with a Caucasus centre and a working group, and an alliance', async () => {
    for (const name of [
      'Azerbaijan Technical University',
      'Baku State University',
      'Ganja State University',
      'Azerbaijan State Pedagogic University',
    ])
      await createInstitution(h().db, { name, type: 'university' })
    await createInstitution(h().db, {
      name: 'Ministry of Science and Education of the Republic of Azerbaijan',
      type: 'ministry_agency',
    })
    await h().person({ email: 'lecturer@demo.korpu.az', name: 'Demo Lecturer' })
    const consortium = await seedConsortia(h().db)
    const { conference, alliance } = await seedNetworks(h().db)

    const visitor = await h().client()
    const page = (await visitor.get(`/networks/${conference}`)).body
    assert.match(page, /Azerbaijani Rectors(’|'|&#39;)? Conference/)
    assert.match(page, new RegExp(`href="/consortia/${consortium.slug}"`))
    assert.match(page, /5 members from 1 country/)
    assert.match(page, /Caucasus centre/)
    assert.match(page, /Secretary general/)
    assert.match(page, /Statute of the Azerbaijani Rectors/)
    // The working group's public material is on the public page; what it keeps for the network or itself is not.
    assert.match(page, /Guide to recognising e-learning modules/)
    assert.doesNotMatch(page, /Survey of digital teaching|Notes of the group/)

    const api = (await visitor.api('GET', `/api/v1/networks/${alliance}`)).json<{
      members: number
      countries: number
    }>()
    assert.equal(api.countries, 10)
    assert.equal(api.members, 14)

    // The secretary general leads the working group and sees everything it shares.
    const lecturer = await h()
      .db.selectFrom('people')
      .select('id')
      .where('email', '=', 'lecturer@demo.korpu.az')
      .executeTakeFirstOrThrow()
    const group = await h().db.selectFrom('working_groups').select('id').executeTakeFirstOrThrow()
    const { createSession } = await import('../platform/sessions.ts')
    const client = await h().client({
      id: lecturer.id,
      email: '',
      name: '',
      password: '',
      sessionToken: await createSession(h().db, lecturer.id),
    })
    const groupPage = (await client.get(`/networks/${conference}/groups/${group.id}`)).body
    assert.match(groupPage, /Notes of the group/)
    assert.match(groupPage, /Member universities recognise the DigiTeach modules/)
    assert.match(groupPage, /Credit for the modules/)
  })
})
