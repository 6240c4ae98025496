import { registerAjvFormats } from '@fastify/type-provider-typebox'
import type { Static, TSchema } from 'typebox'
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
