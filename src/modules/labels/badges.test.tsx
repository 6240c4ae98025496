import assert from 'node:assert/strict'
import { test } from 'node:test'
import { renderToString } from 'preact-render-to-string'
import { translator } from '../../platform/i18n.ts'
import { VISITOR } from '../../platform/policy.ts'
import type { ViewContext } from '../../web/view-context.ts'
import { LabelBadges } from './badges.tsx'

const ctx: ViewContext = {
  t: translator('en'),
  locale: 'en',
  actor: VISITOR,
  path: '/',
  csrfToken: '',
  timeZone: 'Asia/Baku',
  country: 'AZ',
}
const at = '2026-01-10T10:00:00.000Z'

test('badges: one per label, the same label on several projects counted, the school label with its expiry', () => {
  const html = renderToString(
    <LabelBadges
      ctx={ctx}
      labels={[
        { level: 'european', country: 'AZ', awardedAt: at },
        { level: 'national', country: 'AZ', awardedAt: at },
        { level: 'national', country: 'AZ', awardedAt: at },
        { level: 'national', country: 'TR', awardedAt: at },
      ]}
      school={{ validUntil: '2028-01-10T10:00:00.000Z' }}
    />,
  )
  const badges = [...html.matchAll(/<li class="badge badge-ok">(.*?)<\/li>/g)].map((m) => m[1])
  assert.deepEqual(badges, [
    'European quality label',
    'National quality label (Azerbaijan) × 2',
    'National quality label (Türkiye)',
    'School label, valid until 10 January 2028',
  ])
})

test('badges: nothing at all without labels', () => {
  assert.equal(renderToString(<LabelBadges ctx={ctx} labels={[]} />), '')
})
