import { registerAjvFormats } from '@fastify/type-provider-typebox'
import type { FastifySchemaCompiler } from 'fastify'
import type { Static, TSchema } from 'typebox'
import { Compile } from 'typebox/compile'
import { Value } from 'typebox/value'
import { type FieldErrors, Invalid, type Message } from './errors.ts'

// The same string formats (email, uri, date…) for Fastify's route validation and for form validation.
registerAjvFormats()

interface SchemaError {
  keyword: string
  instancePath: string
  params: Record<string, unknown>
}

/** Turns a JSON-schema validation error into a field path and a translatable message. */
export function describeSchemaError(error: SchemaError): Array<[string, Message]> {
  const field = error.instancePath.replace(/^\//, '')
  const { params } = error
  switch (error.keyword) {
    case 'required': {
      const missing = (params.requiredProperties as string[] | undefined) ?? [
        String(params.missingProperty ?? ''),
      ]
      return missing.map((name) => [field ? `${field}/${name}` : name, { key: 'validation.required' }])
    }
    case 'minLength':
      return [
        [
          field,
          Number(params.limit) <= 1
            ? { key: 'validation.required' }
            : { key: 'validation.min_length', values: { count: Number(params.limit) } },
        ],
      ]
    case 'maxLength':
      return [[field, { key: 'validation.max_length', values: { count: Number(params.limit) } }]]
    case 'format':
      return [[field, { key: `validation.format_${String(params.format).replace(/-/g, '_')}` }]]
    case 'minimum':
    case 'exclusiveMinimum':
      return [[field, { key: 'validation.minimum', values: { limit: Number(params.limit) } }]]
    case 'maximum':
    case 'exclusiveMaximum':
      return [[field, { key: 'validation.maximum', values: { limit: Number(params.limit) } }]]
    case 'enum':
    case 'const':
    case 'anyOf':
    case 'oneOf':
      return [[field, { key: 'validation.choice' }]]
    case 'pattern':
      return [[field, { key: 'validation.pattern' }]]
    case 'additionalProperties':
      return [
        [
          field
            ? `${field}/${String(params.additionalProperty ?? '')}`
            : String(params.additionalProperties ?? params.additionalProperty ?? ''),
          { key: 'validation.unknown_field' },
        ],
      ]
    case 'type':
      return [[field, { key: 'validation.type', values: { type: String(params.type) } }]]
    default:
      return [[field, { key: 'validation.invalid' }]]
  }
}

export function fieldErrorsFromSchemaErrors(errors: readonly SchemaError[]): FieldErrors {
  const fields: FieldErrors = {}
  for (const error of errors) {
    for (const [field, message] of describeSchemaError(error)) {
      // The first problem of a field is the one to fix first; later ones are often its consequences.
      fields[field] ??= message
    }
  }
  return fields
}

/** Validates `input` against a TypeBox schema (the same one the API uses) or throws Invalid with field messages. */
export function validate<T extends TSchema>(schema: T, input: unknown): Static<T> {
  const value = Value.Convert(schema, Value.Clean(schema, structuredClone(input ?? {})))
  if (Value.Check(schema, value)) return value as Static<T>
  throw new Invalid(fieldErrorsFromSchemaErrors(Value.Errors(schema, value) as SchemaError[]))
}

type Converter = (value: unknown) => unknown

/** A property that a query string's text already satisfies as it is: a string, or one of fixed strings. */
function takesTextAsIs(property: unknown): boolean {
  if (typeof property !== 'object' || property === null) return false
  const schema = property as { type?: unknown; const?: unknown; enum?: unknown; anyOf?: unknown }
  if (schema.type === 'string' || typeof schema.const === 'string') return true
  if (Array.isArray(schema.enum)) return schema.enum.every((v) => typeof v === 'string')
  return Array.isArray(schema.anyOf) && schema.anyOf.every(takesTextAsIs)
}

/**
 * How a query string or path parameters become the schema's types. TypeBox's Value.Convert walks the whole schema
 * on every request and builds a regular expression per property (a twelfth of the CPU of a search request); the
 * same conversion is done here per present property, only for those that are not text already (a page number).
 * A schema that is not a plain object of properties goes through Value.Convert whole.
 */
function converterFor(schema: TSchema): Converter {
  const { type, properties, additionalProperties } = schema as {
    type?: unknown
    properties?: Record<string, TSchema>
    additionalProperties?: unknown
  }
  if (type !== 'object' || !properties || typeof additionalProperties === 'object') {
    return (value) => Value.Convert(schema, value)
  }
  const asIs = new Set(Object.keys(properties).filter((key) => takesTextAsIs(properties[key])))
  return (value) => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return value
    const record = value as Record<string, unknown>
    for (const key of Object.keys(record)) {
      const property = Object.hasOwn(properties, key) ? properties[key] : undefined
      const raw = record[key]
      if (!property || raw === undefined || (asIs.has(key) && typeof raw === 'string')) continue
      record[key] = Value.Convert(property, raw)
    }
    return record
  }
}

/**
 * Fastify's validator for every route: TypeBox's compiled check, after converting query strings and path
 * parameters from text (bodies arrive typed: JSON, or forms validated by their own handler).
 */
export const routeValidatorCompiler: FastifySchemaCompiler<TSchema> = ({ schema, httpPart }) => {
  const check = Compile(schema)
  const convert: Converter = httpPart === 'body' ? (value) => value : converterFor(schema)
  return (value) => {
    const converted = convert(value)
    if (check.Check(converted)) return { value: converted }
    return { error: check.Errors(converted) as unknown as Error }
  }
}
