import assert from 'node:assert/strict'
import fs from 'node:fs'
import path from 'node:path'
import { test } from 'node:test'

const ROOT = path.resolve(import.meta.dirname, '..')
const read = (file: string) => fs.readFileSync(path.join(ROOT, file), 'utf8')

/** KORPU_* names in a text; a trailing underscore is a prefix in prose ("KORPU_S3_*"), not a variable. */
function variables(text: string): Set<string> {
  return new Set([...text.matchAll(/\bKORPU_[A-Z0-9_]*[A-Z0-9]\b/g)].map((m) => m[0]))
}

/** The variables named in the first column of the guide's tables. */
function documented(): Set<string> {
  return new Set(
    [...read('docs/deployment.md').matchAll(/^\| `(KORPU_[A-Z0-9_]+)` \|/gm)].map((m) => m[1] ?? ''),
  )
}

test('the deployment guide lists every variable src/config.ts reads', () => {
  const missing = [...variables(read('src/config.ts'))].filter((name) => !documented().has(name))
  assert.deepEqual(missing, [], 'add them to the table in docs/deployment.md, with default and meaning')
})

test('every variable in the deployment guide is still read by the application', () => {
  const sources = fs
    .readdirSync(path.join(ROOT, 'src'), { recursive: true, encoding: 'utf8' })
    .filter((file) => /\.tsx?$/.test(file) && !/\.test\.tsx?$/.test(file))
    .map((file) => read(path.join('src', file)))
    .join('\n')
  const used = variables(sources)
  const stale = [...documented()].filter((name) => !used.has(name))
  assert.deepEqual(stale, [], 'remove them from docs/deployment.md, or say what replaced them')
})
