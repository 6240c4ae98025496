import assert from 'node:assert/strict'
import { test } from 'node:test'
import { Type } from 'typebox'
import { Invalid } from '../../platform/errors.ts'
import { validate } from '../../platform/validation.ts'
import { ConsortiumBody } from './schemas.ts'

// Found by the XSS corpus: the 'uri' format accepts any scheme, and the page shows the address as a link.
const Addresses = Type.Pick(ConsortiumBody, ['website', 'results_url'])

test("only http(s) addresses for the consortium's website and results page, never javascript: or data:", () => {
  for (const field of ['website', 'results_url'] as const) {
    assert.deepEqual(validate(Addresses, { [field]: 'https://example.org/a?b=1' }), {
      [field]: 'https://example.org/a?b=1',
    })
    for (const bad of [
      'javascript:alert(1)',
      'JavaScript:alert(document.cookie)',
      'data:text/html,<p>x</p>',
    ]) {
      assert.throws(
        () => validate(Addresses, { [field]: bad }),
        (error: unknown) => error instanceof Invalid && field in error.fields,
        `${field} = ${bad}`,
      )
    }
  }
})
