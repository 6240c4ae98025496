import assert from 'node:assert/strict'
import { test } from 'node:test'
import { eachDatabase } from '../../test/helpers/harness.ts'
import { isUndeliverable, queueMail } from './mail.ts'

test('addresses under the reserved .invalid domain (RFC 2606) are undeliverable; others are not', () => {
  for (const address of ['pupil-1@pupils.invalid', 'x@PUPILS.INVALID', 'x@invalid', 'x@a.invalid.']) {
    assert.equal(isUndeliverable(address), true, address)
  }
  for (const address of ['teacher@example.org', 'x@invalid.example.org', 'invalid@example.org']) {
    assert.equal(isUndeliverable(address), false, address)
  }
})

eachDatabase('mail queue', (h) => {
  test('mail to a .invalid address is never queued; other mail is', async () => {
    await queueMail(h().db, { to: 'pupil-x@pupils.invalid', subject: 'Hello', text: 'Never sent' })
    await queueMail(h().db, { to: 'teacher@example.org', subject: 'Hello', text: 'Sent' })
    const queued = await h().db.selectFrom('jobs').select('payload').where('kind', '=', 'mail.send').execute()
    assert.equal(queued.length, 1)
    assert.match(queued[0]?.payload ?? '', /teacher@example\.org/)
  })
})
