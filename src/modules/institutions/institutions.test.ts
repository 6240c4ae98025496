import assert from 'node:assert/strict'
import { before, test } from 'node:test'
import { createInstitution } from '../../../test/helpers/factories.ts'
import { eachDatabase } from '../../../test/helpers/harness.ts'

interface Item {
  id: string
  name: string
  type: string
  country: string
}
interface Page {
  items: Item[]
  total: number
  next: string | null
}

function cursorOf(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url')
}

eachDatabase('institutions registry', (h) => {
  const paged: string[] = []

  before(async () => {
    // 25 with a common word, some sharing a name, so that the (name, id) order is what keeps pages apart.
    for (let i = 0; i < 25; i++) {
      const name = `Pagerun School ${String(Math.floor(i / 2)).padStart(2, '0')}`
      paged.push((await createInstitution(h().db, { name, type: i % 5 === 0 ? 'university' : 'school' })).id)
    }
    await createInstitution(h().db, {
      name: 'Filterland Vocational College',
      type: 'vet_college',
      country: 'GE',
    })
    await createInstitution(h().db, { name: 'Filterland Lyceum', type: 'school', country: 'GE' })
    await createInstitution(h().db, { name: 'Filterland Academy', type: 'academy', country: 'AZ' })
    await createInstitution(h().db, { name: 'Wildcard 50% Discount School' })
    await createInstitution(h().db, { name: 'Wildcard 500 Students School' })
    await createInstitution(h().db, { name: 'Wildcard Under_score Lab' })
    await createInstitution(h().db, { name: 'Wildcard UnderXscore Lab' })
    await createInstitution(h().db, { name: 'Wildcard Back\\slash Institute' })
  })

  async function list(query: string): Promise<Page> {
    const response = await (await h().client()).get(`/api/v1/institutions?${query}`)
    assert.equal(response.status, 200, response.body)
    return response.json<Page>()
  }

  test('lists with a total and keyset pages: every row once, in name order', async () => {
    const seen: Item[] = []
    const totals: number[] = []
    let pages = 0
    let after: string | null = null
    do {
      const page: Page = await list(`q=pagerun&limit=10${after ? `&after=${encodeURIComponent(after)}` : ''}`)
      pages++
      totals.push(page.total)
      seen.push(...page.items)
      assert.equal(page.items.length, pages < 3 ? 10 : 5)
      after = page.next
    } while (after && pages < 10)
    assert.equal(pages, 3)
    assert.deepEqual(totals, [25, 25, 25], 'the total counts every match, not the page')
    const ids = seen.map((i) => i.id)
    assert.equal(new Set(ids).size, 25, 'no duplicates across pages')
    assert.deepEqual([...ids].sort(), [...paged].sort(), 'every institution was seen')
    const order = seen.map((i) => `${i.name}\u0000${i.id}`)
    assert.deepEqual(
      order,
      [...order].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)),
      'ordered by name, then id',
    )
  })

  test('the default page size is 20 and the last page has no next cursor', async () => {
    const first = await list('q=pagerun')
    assert.equal(first.items.length, 20)
    assert.ok(first.next)
    const last = await list(`q=pagerun&after=${encodeURIComponent(first.next)}`)
    assert.equal(last.items.length, 5)
    assert.equal(last.next, null)
  })

  test('filters by type and by country', async () => {
    const universities = await list('q=pagerun&type=university')
    assert.equal(universities.total, 5)
    assert.ok(universities.items.every((i) => i.type === 'university'))

    const georgian = await list('q=filterland&country=GE')
    assert.deepEqual(georgian.items.map((i) => i.name).sort(), [
      'Filterland Lyceum',
      'Filterland Vocational College',
    ])
    assert.equal(georgian.total, 2)
    // The country code is case-insensitive; combined filters narrow each other.
    assert.deepEqual(
      (await list('q=filterland&country=ge&type=vet_college')).items.map((i) => i.name),
      ['Filterland Vocational College'],
    )
    assert.equal((await list('q=filterland&country=AZ&type=vet_college')).total, 0)
  })

  test('the search matches words in any order and any case', async () => {
    assert.deepEqual(
      (await list('q=lyceum%20FILTERLAND')).items.map((i) => i.name),
      ['Filterland Lyceum'],
    )
  })

  test('LIKE wildcards in the search are taken literally', async () => {
    assert.deepEqual(
      (await list(`q=${encodeURIComponent('50%')}`)).items.map((i) => i.name),
      ['Wildcard 50% Discount School'],
    )
    assert.deepEqual(
      (await list(`q=${encodeURIComponent('under_score')}`)).items.map((i) => i.name),
      ['Wildcard Under_score Lab'],
    )
    assert.deepEqual(
      (await list(`q=${encodeURIComponent('back\\slash')}`)).items.map((i) => i.name),
      ['Wildcard Back\\slash Institute'],
    )
    assert.equal((await list(`q=${encodeURIComponent('%')}`)).total, 1)
    assert.equal((await list(`q=${encodeURIComponent('_')}`)).total, 1)
  })

  test('control characters in the search are spaces, not errors', async () => {
    assert.deepEqual(
      (await list(`q=${encodeURIComponent('lyceum\u0000filterland')}`)).items.map((i) => i.name),
      ['Filterland Lyceum'],
    )
  })

  test('a bad cursor is a 400 problem naming the field "after"', async () => {
    const client = await h().client()
    const validId = paged[0] ?? ''
    for (const after of [
      'not-a-cursor!',
      cursorOf([1, 2]),
      cursorOf({ name: 'x', id: validId }),
      cursorOf(['x', 'not-an-id']),
      cursorOf(['x\u0000y', validId]),
    ]) {
      const response = await client.get(`/api/v1/institutions?after=${encodeURIComponent(after)}`)
      assert.equal(response.status, 400, `cursor ${after}: ${response.body}`)
      assert.match(String(response.headers['content-type']), /^application\/problem\+json/)
      const problem = response.json<{ status: number; errors: Array<{ field: string; detail: string }> }>()
      assert.equal(problem.status, 400)
      assert.deepEqual(
        problem.errors.map((e) => e.field),
        ['after'],
      )
      assert.equal(problem.errors[0]?.detail, 'This page link is not valid; start from the first page')
    }
  })

  test('a limit out of range is a 400 problem naming the field "limit"', async () => {
    const client = await h().client()
    for (const limit of ['1000', '0', 'ten']) {
      const response = await client.get(`/api/v1/institutions?limit=${limit}`)
      assert.equal(response.status, 400, `limit=${limit}`)
      const problem = response.json<{ errors: Array<{ field: string }> }>()
      assert.deepEqual(
        problem.errors.map((e) => e.field),
        ['limit'],
      )
    }
    assert.equal((await client.get('/api/v1/institutions?type=castle')).status, 400)
    assert.equal((await client.get('/api/v1/institutions?country=AZE')).status, 400)
  })

  test('the HTML page lists, counts and keeps the search text (escaped)', async () => {
    const client = await h().client()
    const page = await client.get('/institutions?q=filterland&type=school')
    assert.equal(page.status, 200)
    assert.match(page.body, /<input id="filter-q" name="q" type="search" value="filterland"/)
    assert.match(page.body, /<option value="school" selected/)
    assert.match(page.body, /Filterland Lyceum/)
    assert.doesNotMatch(page.body, /Filterland Academy/)

    const tricky = await client.get(
      `/institutions?q=${encodeURIComponent('"><script>alert(1)</script> 50%')}`,
    )
    assert.equal(tricky.status, 200)
    assert.ok(tricky.body.includes('value="&quot;>&lt;script>alert(1)&lt;/script> 50%"'), 'kept and escaped')
    assert.doesNotMatch(tricky.body, /<script>alert/)

    // The next-page link carries the filters and the cursor.
    const first = await client.get('/institutions?q=pagerun')
    const next = first.body.match(/<a href="(\/institutions\?[^"]+)" rel="next">/)?.[1]
    assert.ok(next, 'a link to the next page')
    const second = await client.get(next.replaceAll('&amp;', '&'))
    assert.equal(second.status, 200)
    assert.match(second.body, /value="pagerun"/)

    const bad = await client.get('/institutions?after=garbage')
    assert.equal(bad.status, 400)
    assert.match(bad.body, /This page link is not valid; start from the first page/)
  })
})
