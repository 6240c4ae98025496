import fc from 'fast-check'

/** A JSON schema as TypeBox emits it (plain JSON Schema objects); only what the generators below read. */
export interface JsonSchema {
  type?: string | string[]
  properties?: Record<string, JsonSchema>
  required?: string[]
  items?: JsonSchema
  anyOf?: JsonSchema[]
  allOf?: JsonSchema[]
  enum?: unknown[]
  const?: unknown
  pattern?: string
  format?: string
  minLength?: number
  maxLength?: number
  minimum?: number
  maximum?: number
  exclusiveMinimum?: number
  exclusiveMaximum?: number
  minItems?: number
  maxItems?: number
  patternProperties?: Record<string, JsonSchema>
}

/** Keys that reach Object.prototype when a parser or a merge is careless. */
export const POLLUTION_KEYS = ['__proto__', 'constructor', 'prototype'] as const

/** Strings that break naive code: controls, NUL, lone surrogates, RTL marks, huge, markup, SQL, paths, numbers. */
const nastyConstant = fc.constantFrom(
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\uD800',
  '\uDFFF\uD800',
  '\u202Eevil',
  '\uFEFF',
  '\r\n\t\v\f',
  '🏳️‍🌈👩‍👩‍👧‍👦',
  'İstanbul ǅ ß ﬁ',
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  "' OR 1=1 --",
  "'; drop table people; --",
  '%00',
  '%',
  '../../../../etc/passwd',
  'C:\\Windows\\win.ini',
  '0',
  '-1',
  '1e309',
  'NaN',
  'Infinity',
  'null',
  'undefined',
  'true',
  '[]',
  '{}',
  '__proto__',
  'constructor',
  '2026-02-30',
  '9999-12-31T23:59:59Z',
  '0190a0a0-0000-7000-8000-000000000000',
  'a@b',
)

/** Long text, built by repetition (generating thousands of random characters one by one costs more than the request). */
const longString = fc
  .tuple(fc.string({ minLength: 1, maxLength: 12, unit: 'grapheme' }), fc.integer({ min: 100, max: 6000 }))
  .map(([unit, times]) => unit.repeat(times))

export const nastyString: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.string({ maxLength: 40, unit: 'binary' }) },
  { weight: 2, arbitrary: fc.string({ maxLength: 80, unit: 'grapheme' }) },
  { weight: 2, arbitrary: nastyConstant },
  { weight: 1, arbitrary: longString },
)

/** Any JSON value, with the wrong types a form or an API client might send. */
export const nastyValue: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    { weight: 5, arbitrary: nastyString },
    { weight: 1, arbitrary: fc.integer() },
    { weight: 1, arbitrary: fc.double({ noNaN: true, noDefaultInfinity: true }) },
    { weight: 1, arbitrary: fc.boolean() },
    { weight: 1, arbitrary: fc.constant(null) },
    { weight: 1, arbitrary: fc.array(tie('value'), { maxLength: 4 }) },
    { weight: 1, arbitrary: fc.dictionary(fc.string({ maxLength: 8 }), tie('value'), { maxKeys: 3 }) },
  ),
})).value

const DATE = fc
  .date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2100-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString())

function stringFor(schema: JsonSchema): fc.Arbitrary<string> {
  if (schema.pattern) return fc.stringMatching(new RegExp(schema.pattern))
  switch (schema.format) {
    case 'email':
      return fc.emailAddress()
    case 'date':
      return DATE.map((d) => d.slice(0, 10))
    case 'date-time':
      return DATE
    case 'uri':
    case 'url':
      return fc.webUrl()
    case 'uuid':
      return fc.uuid()
  }
  const minLength = schema.minLength ?? 0
  // Long strings are the nasty generator's business: valid bodies stay short so that many reach the service.
  const maxLength = Math.max(minLength, Math.min(schema.maxLength ?? 60, 60))
  return fc.oneof(
    fc.string({ minLength, maxLength, unit: 'grapheme' }),
    fc.string({ minLength, maxLength, unit: 'grapheme-ascii' }),
  )
}

function numberFor(schema: JsonSchema, integer: boolean): fc.Arbitrary<number> {
  const min =
    schema.minimum ?? (schema.exclusiveMinimum !== undefined ? schema.exclusiveMinimum + 1 : undefined)
  const max =
    schema.maximum ?? (schema.exclusiveMaximum !== undefined ? schema.exclusiveMaximum - 1 : undefined)
  if (integer) return fc.integer({ min: min ?? -1_000_000, max: max ?? 1_000_000 })
  return fc.double({ min: min ?? -1e9, max: max ?? 1e9, noNaN: true, noDefaultInfinity: true })
}

/**
 * Values that satisfy the schema (as far as a generator can tell without a validator): they pass the route's
 * validation often, so that the service, its rules and the database see them.
 */
export function fromSchema(schema: JsonSchema | undefined): fc.Arbitrary<unknown> {
  if (!schema) return nastyValue
  if (schema.const !== undefined) return fc.constant(schema.const)
  if (schema.enum) return fc.constantFrom(...schema.enum)
  if (schema.anyOf?.length) return fc.oneof(...schema.anyOf.map(fromSchema))
  if (schema.allOf?.length) {
    // Intersections of objects: generate each part and merge them.
    return fc.tuple(...schema.allOf.map(fromSchema)).map((parts) => Object.assign({}, ...parts))
  }
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type
  switch (type) {
    case 'string':
      return stringFor(schema)
    case 'integer':
      return numberFor(schema, true)
    case 'number':
      return numberFor(schema, false)
    case 'boolean':
      return fc.boolean()
    case 'null':
      return fc.constant(null)
    case 'array':
      return fc.array(fromSchema(schema.items), {
        minLength: schema.minItems ?? 0,
        maxLength: Math.max(schema.minItems ?? 0, Math.min(schema.maxItems ?? 5, 5)),
      })
    case 'object': {
      const required = new Set(schema.required ?? [])
      const entries = Object.entries(schema.properties ?? {})
      if (entries.length === 0) {
        const [value] = Object.values(schema.patternProperties ?? {})
        return fc.dictionary(fc.string({ minLength: 1, maxLength: 10 }), fromSchema(value), { maxKeys: 4 })
      }
      return fc.record(Object.fromEntries(entries.map(([key, value]) => [key, fromSchema(value)])), {
        requiredKeys: entries.map(([key]) => key).filter((key) => required.has(key)),
      })
    }
  }
  return nastyValue
}

/**
 * A body built from the schema and then damaged in one of the ways clients get it wrong: a field missing, one of
 * the wrong type or an array instead of a scalar, an unknown field, a prototype-pollution key.
 */
function damaged(schema: JsonSchema | undefined): fc.Arbitrary<unknown> {
  const keys = Object.keys(schema?.properties ?? {})
  const base = fromSchema(schema).map((v) => (v && typeof v === 'object' && !Array.isArray(v) ? v : {}))
  const key = keys.length ? fc.constantFrom(...keys) : fc.string({ maxLength: 8 })
  return fc
    .tuple(base, key, nastyValue, fc.constantFrom('drop', 'replace', 'array', 'extra', 'pollute'))
    .map(([body, field, value, how]) => {
      const copy: Record<string, unknown> = { ...(body as Record<string, unknown>) }
      if (how === 'drop') delete copy[field]
      else if (how === 'replace') copy[field] = value
      else if (how === 'array') copy[field] = [copy[field] ?? value, value]
      else if (how === 'extra') copy[`extra_${field}`] = value
      else Object.defineProperty(copy, POLLUTION_KEYS[field.length % 3] ?? '__proto__', pollutionValue(value))
      return copy
    })
}

function pollutionValue(value: unknown): PropertyDescriptor {
  return { value: { polluted: value, prototype: { polluted: value } }, enumerable: true }
}

/** Bodies for a route: mostly from its schema (valid or nearly), the rest arbitrary. */
export function bodyArbitrary(schema: JsonSchema | undefined): fc.Arbitrary<unknown> {
  return fc.oneof(
    { weight: 4, arbitrary: fromSchema(schema) },
    { weight: 4, arbitrary: damaged(schema) },
    { weight: 2, arbitrary: nastyValue },
  )
}

/**
 * Flattens a JSON value into urlencoded form fields as a browser (or a hostile client) would send them: scalars as
 * text, arrays as repeated fields, nested objects in bracket notation.
 */
export function formEncode(body: unknown): URLSearchParams {
  const form = new URLSearchParams()
  const add = (key: string, value: unknown): void => {
    if (value === null || value === undefined) form.append(key, '')
    else if (Array.isArray(value)) for (const item of value) add(key, item)
    else if (typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) add(`${key}[${k}]`, v)
    } else form.append(key, String(value))
  }
  if (body && typeof body === 'object' && !Array.isArray(body)) {
    for (const [key, value] of Object.entries(body)) add(key, value)
  } else add('value', body)
  return form
}
