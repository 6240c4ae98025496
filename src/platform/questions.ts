import type { Locale } from '../config.ts'
import type { FormFieldKind } from '../db/schema.ts'
import { type FieldErrors, Invalid } from './errors.ts'

export interface FieldOption {
  value: string
  label_az: string
  label_en: string
  label_ru: string
}

export interface FormField {
  key: string
  kind: FormFieldKind
  required: boolean
  labels: Record<Locale, string>
  options: FieldOption[]
  maxLength: number | null
}

/** An upload as the web form delivers it: the bytes only (names on disk are never the person's). */
export type RawAnswer = string | string[] | Buffer | Uint8Array
export type StoredAnswer = string | string[] | number | boolean | { file: string }

/** Files may be at most this large; the multipart limit on the route stops bigger ones before they are buffered. */
export const MAX_FILE_BYTES = 5 * 1024 * 1024
const DEFAULT_MAX = { text: 300, long_text: 5000 } as const

function isBytes(value: unknown): value is Buffer | Uint8Array {
  return value instanceof Uint8Array
}

function firstString(value: RawAnswer | undefined): string {
  if (typeof value === 'string') return value
  if (Array.isArray(value)) return value[0] ?? ''
  return ''
}

function validDate(text: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text)
  if (!match) return false
  const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])]
  const date = new Date(Date.UTC(y, m - 1, d))
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d
}

export interface CheckedAnswers {
  answers: Record<string, StoredAnswer>
  /** Uploads to store; their answer is filled with the stored file's id. */
  files: Array<{ key: string; bytes: Buffer }>
  errors: FieldErrors
}

/**
 * Checks answers against a form definition: required fields, each kind's shape, option membership, number and
 * date parsing, lengths. Errors are keyed "answers/<key>", the field's name on the web form and its API path.
 */
export function checkAnswers(fields: readonly FormField[], raw: Record<string, RawAnswer>): CheckedAnswers {
  const answers: Record<string, StoredAnswer> = {}
  const files: CheckedAnswers['files'] = []
  const errors: FieldErrors = {}
  const known = new Set(fields.map((f) => f.key))
  for (const key of Object.keys(raw)) {
    if (!known.has(key)) errors[`answers/${key}`] = { key: 'validation.unknown_field' }
  }
  for (const field of fields) {
    const path = `answers/${field.key}`
    const value = raw[field.key]
    const fail = (key: string, values?: Record<string, string | number>) => {
      errors[path] = values ? { key, values } : { key }
    }
    switch (field.kind) {
      case 'text':
      case 'long_text': {
        const text = firstString(value).trim()
        const max = field.maxLength ?? DEFAULT_MAX[field.kind]
        if (!text) {
          if (field.required) fail('validation.required')
        } else if (text.length > max) fail('validation.max_length', { count: max })
        else answers[field.key] = text
        break
      }
      case 'choice': {
        const choice = firstString(value).trim()
        if (!choice) {
          if (field.required) fail('validation.required')
        } else if (!field.options.some((o) => o.value === choice)) fail('validation.choice')
        else answers[field.key] = choice
        break
      }
      case 'multiple_choice': {
        const list = (Array.isArray(value) ? value : typeof value === 'string' && value ? [value] : []).map(
          (v) => v.trim(),
        )
        const chosen = [...new Set(list.filter(Boolean))]
        if (chosen.length === 0) {
          if (field.required) fail('validation.required')
        } else if (chosen.some((c) => !field.options.some((o) => o.value === c))) fail('validation.choice')
        else answers[field.key] = chosen
        break
      }
      case 'date': {
        const text = firstString(value).trim()
        if (!text) {
          if (field.required) fail('validation.required')
        } else if (!validDate(text)) fail('validation.format_date')
        else answers[field.key] = text
        break
      }
      case 'number': {
        const text = firstString(value).trim().replace(',', '.')
        if (!text) {
          if (field.required) fail('validation.required')
        } else if (!/^-?\d{1,15}(\.\d{1,6})?$/.test(text)) fail('validation.number')
        else answers[field.key] = Number(text)
        break
      }
      case 'consent': {
        const text = firstString(value).trim().toLowerCase()
        const given = ['yes', 'on', 'true', '1'].includes(text)
        if (!given && field.required) fail('applications.consent_required')
        else answers[field.key] = given
        break
      }
      case 'file': {
        // A browser sends an empty part for a file input left empty: that is no answer.
        const bytes = isBytes(value) && value.length > 0 ? Buffer.from(value) : null
        if (!bytes) {
          if (typeof value === 'string' && value) fail('applications.file_on_web_form')
          else if (field.required) fail('validation.required')
        } else if (bytes.length > MAX_FILE_BYTES) {
          fail('applications.file_too_large', { size: MAX_FILE_BYTES / 1024 / 1024 })
        } else files.push({ key: field.key, bytes })
        break
      }
    }
  }
  return { answers, files, errors }
}

/** Parses the admin's option lines: "value | label az | label en | label ru" (labels default to the value). */
export function parseOptions(text: string): { options: FieldOption[]; error: string | null } {
  const options: FieldOption[] = []
  for (const line of text.split(/\r?\n/)) {
    if (!line.trim()) continue
    const [value = '', az, en, ru] = line.split('|').map((part) => part.trim())
    if (!/^[a-z0-9][a-z0-9_-]{0,59}$/.test(value)) return { options, error: value }
    if (options.some((o) => o.value === value)) return { options, error: value }
    const fallback = en || az || ru || value
    options.push({
      value,
      label_az: (az || fallback).slice(0, 200),
      label_en: (en || fallback).slice(0, 200),
      label_ru: (ru || fallback).slice(0, 200),
    })
  }
  return { options, error: null }
}

export function optionLines(options: readonly FieldOption[]): string {
  return options.map((o) => `${o.value} | ${o.label_az} | ${o.label_en} | ${o.label_ru}`).join('\n')
}

/** What an editor types for one question: its labels, whether it is required, its option lines and length. */
export interface DefinitionInput {
  label_az: string
  label_en: string
  label_ru: string
  required?: 'yes' | 'no'
  options?: string
  max_length?: number
}

/**
 * Checks a question's definition (three labels, at least two valid options for a choice) and returns its columns,
 * the same for programme form fields and event registration questions.
 */
export function definitionValues(input: DefinitionInput, kind: FormFieldKind) {
  const labels = {
    label_az: input.label_az.trim(),
    label_en: input.label_en.trim(),
    label_ru: input.label_ru.trim(),
  }
  const errors: FieldErrors = {}
  for (const [field, value] of Object.entries(labels))
    if (!value) errors[field] = { key: 'validation.required' }
  const isChoice = kind === 'choice' || kind === 'multiple_choice'
  const parsed = parseOptions(isChoice ? (input.options ?? '') : '')
  if (parsed.error !== null)
    errors.options = { key: 'applications.option_invalid', values: { value: parsed.error } }
  else if (isChoice && parsed.options.length < 2) errors.options = { key: 'applications.options_needed' }
  if (Object.keys(errors).length > 0) throw new Invalid(errors)
  return {
    ...labels,
    required: input.required === 'yes' ? 1 : 0,
    options: JSON.stringify(parsed.options),
    max_length: kind === 'text' || kind === 'long_text' ? (input.max_length ?? null) : null,
  }
}
