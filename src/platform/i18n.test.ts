import assert from 'node:assert/strict'
import { test } from 'node:test'
import { LOCALES } from '../config.ts'
import { loadMessages, translator } from './i18n.ts'

type Messages = { [key: string]: string | Messages }

/** Message keys with plural suffixes removed: Russian needs `_few`/`_many` where English has only `_one`/`_other`. */
function keysOf(messages: Messages, prefix = ''): Set<string> {
  const keys = new Set<string>()
  for (const [key, value] of Object.entries(messages)) {
    if (typeof value === 'string') keys.add(`${prefix}${key.replace(/_(zero|one|two|few|many|other)$/, '')}`)
    else for (const nested of keysOf(value, `${prefix}${key}.`)) keys.add(nested)
  }
  return keys
}

test('every language has the same messages, shared and per module', () => {
  const [first, ...others] = LOCALES
  const expected = keysOf(loadMessages(first))
  for (const locale of others) {
    const actual = keysOf(loadMessages(locale))
    assert.deepEqual(
      [...actual].filter((k) => !expected.has(k)),
      [],
      `${locale} has messages ${first} lacks`,
    )
    assert.deepEqual(
      [...expected].filter((k) => !actual.has(k)),
      [],
      `${locale} lacks messages ${first} has`,
    )
  }
})

test('a translator answers keys without values from memory, and interpolates and counts as i18next does', () => {
  const t = translator('en')
  assert.equal(translator('en'), t, 'one translator per language')
  const plain = t('pagination.next')
  assert.equal(typeof plain, 'string')
  assert.notEqual(plain, 'pagination.next')
  assert.equal(t('pagination.next'), plain)
  assert.equal(t('pagination.next', {}), plain)
  assert.equal(translator('ru')('pagination.next') === plain, false, 'each language its own texts')
  assert.equal(t('validation.max_length', { count: 5 }), 'Use at most 5 characters')
  assert.equal(t('validation.max_length', { count: 7 }), 'Use at most 7 characters')
  assert.equal(t('home.counter_members', { count: 1 }), 'validated member')
  assert.equal(t('home.counter_members', { count: 2 }), 'validated members')
  assert.equal(t('no.such.key'), 'no.such.key')
})
