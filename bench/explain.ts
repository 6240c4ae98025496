/**
 * `node --import tsx bench/explain.ts [--db bench/data/europe.db] [--count 300]`
 *
 * Runs the bench's mix of partner searches (as a visitor) through the service on a generated database, once each
 * (nothing from the cache), and for every SQL statement they issue prints SQLite's EXPLAIN QUERY PLAN when it scans
 * a table without an index or sorts in a temp B-tree. Then the slowest searches with their time. Never part of
 * `npm test`.
 */
import path from 'node:path'
import SQLite from 'better-sqlite3'
import { Kysely, SqliteDialect } from 'kysely'
import { loadConfig } from '../src/config.ts'
import type { Database } from '../src/db/schema.ts'
import '../src/modules/partners/policy.ts'
import { search } from '../src/modules/partners/service.ts'
import { translator } from '../src/platform/i18n.ts'
import { VISITOR } from '../src/platform/policy.ts'
import { benchQuery } from './queries.ts'

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`)
  return i >= 0 ? (process.argv[i + 1] ?? fallback) : fallback
}
const file = path.resolve(arg('db', 'bench/data/europe.db'))
const count = Number(arg('count', '300'))
const connection = new SQLite(file, { readonly: true })
const statements = new Map<string, { sql: string; parameters: readonly unknown[] }>()
const db = new Kysely<Database>({
  dialect: new SqliteDialect({ database: connection }),
  log: (event) => {
    const shape = event.query.sql.replace(/\?/g, '?')
    if (!statements.has(shape))
      statements.set(shape, { sql: event.query.sql, parameters: event.query.parameters })
  },
})
const ctx = { db, config: loadConfig({}), actor: VISITOR, t: translator('en') }
const timings: Array<{ ms: number; url: string }> = []
const random = benchQuery.seeded(7)
for (let i = 0; i < count; i++) {
  const url = benchQuery.next(random)
  const params = Object.fromEntries(new URL(url, 'http://x').searchParams) as Record<string, string>
  const started = performance.now()
  await search(ctx as never, { ...params, page: params.page ? Number(params.page) : undefined } as never)
  timings.push({ ms: performance.now() - started, url })
}
let flagged = 0
for (const { sql, parameters } of statements.values()) {
  const plan = connection.prepare(`explain query plan ${sql}`).all(...(parameters as unknown[])) as Array<{
    detail: string
  }>
  const bad = plan.filter((p) => /^SCAN (?!.*(USING|VIRTUAL TABLE))|TEMP B-TREE/.test(p.detail))
  if (bad.length > 0) {
    flagged++
    console.log(`\n${sql.replace(/\s+/g, ' ').slice(0, 400)}\n  ${plan.map((p) => p.detail).join('\n  ')}`)
  }
}
timings.sort((a, b) => a.ms - b.ms)
const at = (p: number) => timings[Math.min(timings.length - 1, Math.floor(timings.length * p))]?.ms.toFixed(1)
console.log(`\n${statements.size} statement shapes, ${flagged} with a full scan or temp B-tree`)
console.log(
  `${count} searches one at a time: p50 ${at(0.5)} ms, p99 ${at(0.01 * 99)} ms, max ${timings.at(-1)?.ms.toFixed(1)} ms`,
)
for (const t of timings.slice(-15).reverse()) console.log(`${t.ms.toFixed(1).padStart(8)} ms  ${t.url}`)
