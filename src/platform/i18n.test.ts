import assert from 'node:assert/strict'
import { test } from 'node:test'
import { LOCALES } from '../config.ts'
import { loadMessages } from './i18n.ts'

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
