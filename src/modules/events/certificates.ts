import { randomInt } from 'node:crypto'
import { createRequire } from 'node:module'
import PDFDocument from 'pdfkit'
import QRCode from 'qrcode'
import type { Locale } from '../../config.ts'
import { nowIso } from '../../db/database.ts'
import { newId } from '../../db/ids.ts'
import type { ServiceContext } from '../../platform/context.ts'
import { Forbidden, NotFound } from '../../platform/errors.ts'
import { formatDate, type TFunction } from '../../platform/i18n.ts'
import { eventDays, eventFor, eventTitle } from './attendance.ts'
import * as q from './attendance-queries.ts'

// DejaVu covers Azerbaijani (ə, ğ, ı, ş) and Cyrillic; the PDF carries the font, so no font on the server matters.
const require = createRequire(import.meta.url)
const FONT = require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf')
const FONT_BOLD = require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf')

/** Letters that cannot be mistaken for one another when read off paper (no 0/O, 1/I/L). */
const ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789'

/**
 * A certificate's code: 12 letters (≈ 59 bits, so codes cannot be guessed to find out who attended what), printed in
 * groups of four.
 */
function newCode(): string {
  const letters = Array.from({ length: 12 }, () => ALPHABET[randomInt(ALPHABET.length)])
  return [letters.slice(0, 4), letters.slice(4, 8), letters.slice(8)].map((g) => g.join('')).join('-')
}

/** A code as typed (any case, spaces, with or without dashes) in its printed form, or null if it cannot be one. */
export function normaliseCode(input: string): string | null {
  const letters = input.toUpperCase().replace(/[\s-]+/g, '')
  if (letters.length !== 12 || [...letters].some((c) => !ALPHABET.includes(c))) return null
  return `${letters.slice(0, 4)}-${letters.slice(4, 8)}-${letters.slice(8)}`
}

export function verificationUrl(baseUrl: string, code: string): string {
  return `${baseUrl.replace(/\/$/, '')}/certificates/${code}`
}

/** "13–15 December 2026" style: the event's first and last day in the reader's language. */
export function eventDates(
  locale: Locale,
  e: { starts_at: string; ends_at: string; time_zone: string },
): string {
  const first = formatDate(locale, e.starts_at, e.time_zone)
  const last = formatDate(locale, e.ends_at, e.time_zone)
  return first === last ? first : `${first} – ${last}`
}

export interface Certificate {
  code: string
  name: string
  title: string
  dates: string
  days: string[]
  attended: string[]
  url: string
}

/**
 * The participant's certificate, issued the first time it is asked for. Only someone checked in on at least one
 * day has one: a place booked is not attendance.
 */
export async function ownCertificate(
  ctx: ServiceContext,
  slug: string,
  locale: Locale,
): Promise<Certificate> {
  const { event } = await eventFor(ctx, slug, 'attendance.ticket')
  const person = ctx.actor.person
  const registration = person ? await q.ownRegistration(ctx.db, event.id, person.id) : undefined
  if (!person || !registration) throw new NotFound()
  const attended = await q.attendedDays(ctx.db, registration.id)
  if (attended.length === 0) throw new Forbidden({ key: 'attendance.certificate_not_attended' })
  let certificate = await q.certificateOf(ctx.db, registration.id)
  if (!certificate) {
    await q.insertCertificate(ctx.db, {
      id: newId(),
      registrationId: registration.id,
      code: newCode(),
      at: nowIso(),
    })
    certificate = await q.certificateOf(ctx.db, registration.id)
  }
  if (!certificate) throw new NotFound()
  return {
    code: certificate.code,
    name: person.name,
    title: eventTitle(event, locale),
    dates: eventDates(locale, event),
    days: eventDays(event),
    attended,
    url: verificationUrl(ctx.config.baseUrl, certificate.code),
  }
}

/** The certificate as an A4 landscape PDF in the reader's language, with the verification address and its QR code. */
export async function certificatePdf(c: Certificate, t: TFunction, locale: Locale): Promise<Buffer> {
  const qr = await QRCode.toBuffer(c.url, { type: 'png', errorCorrectionLevel: 'M', margin: 1, width: 240 })
  const doc = new PDFDocument({
    size: 'A4',
    layout: 'landscape',
    margin: 56,
    lang: locale,
    info: { Title: t('attendance.certificate_title'), Subject: c.title },
  })
  doc.registerFont('regular', FONT)
  doc.registerFont('bold', FONT_BOLD)
  const chunks: Buffer[] = []
  doc.on('data', (chunk: Buffer) => chunks.push(chunk))
  const done = new Promise<void>((resolve, reject) => {
    doc.on('end', () => resolve())
    doc.on('error', reject)
  })
  const width = doc.page.width - 112
  doc.font('bold').fontSize(30).text(t('attendance.certificate_title'), { align: 'center', width })
  doc.moveDown(1.2)
  doc.font('regular').fontSize(14).text(t('attendance.certificate_certifies'), { align: 'center', width })
  doc.moveDown(0.6)
  doc.font('bold').fontSize(24).text(c.name, { align: 'center', width })
  doc.moveDown(0.6)
  doc.font('regular').fontSize(14).text(t('attendance.certificate_took_part'), { align: 'center', width })
  doc.moveDown(0.6)
  doc.font('bold').fontSize(18).text(c.title, { align: 'center', width })
  doc.moveDown(0.4)
  doc.font('regular').fontSize(14).text(c.dates, { align: 'center', width })
  if (c.days.length > 1) {
    doc.moveDown(0.4)
    doc.text(t('attendance.certificate_days', { count: c.attended.length, total: c.days.length }), {
      align: 'center',
      width,
    })
  }
  const bottom = doc.page.height - 56 - 96
  doc.image(qr, 56, bottom, { width: 96, height: 96 })
  doc
    .fontSize(10)
    .text(t('attendance.certificate_verify'), 168, bottom + 24, { width: width - 112 })
    .text(c.url, { width: width - 112, link: c.url })
    .text(t('attendance.certificate_code', { code: c.code }), { width: width - 112 })
  doc.end()
  await done
  return Buffer.concat(chunks)
}

export interface Verification {
  code: string
  name: string
  title: string
  dates: string
  issuedAt: string
  /** The event page, while the event is public. */
  eventSlug: string | null
}

/** What the public verification page shows for a code: the holder's name, the event and its dates, nothing else. */
export async function verifyCertificate(
  ctx: ServiceContext,
  input: string,
  locale: Locale,
): Promise<Verification> {
  const code = normaliseCode(input)
  const row = code ? await q.certificateByCode(ctx.db, code) : undefined
  if (!row) throw new NotFound({ key: 'attendance.certificate_unknown' })
  return {
    code: row.code,
    name: row.name,
    title: eventTitle(row, locale),
    dates: eventDates(locale, row),
    issuedAt: row.issued_at,
    eventSlug: row.status === 'published' ? row.slug : null,
  }
}
