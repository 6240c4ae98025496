import { randomBytes } from 'node:crypto'
import type { Queryable } from '../db/database.ts'
import { newId } from '../db/ids.ts'
import { eventDays } from '../modules/events/attendance.ts'

const REPORT = {
  az: 'Üç gün ərzində ölkənin regionlarından gələn müəllimlər seminarlarda təcrübə bölüşdülər, tərəfdaş tapdılar və birgə eTwinning layihələri planlaşdırdılar.\n\nSon gün hər komanda yaratdığı layihəni təqdim etdi; layihələrin bir neçəsi artıq qalereyadadır.',
  en: 'For three days teachers from the regions of the country shared practice in workshops, found partners and planned joint eTwinning projects.\n\nOn the last day every team presented the project it had founded; several of them are in the gallery already.',
  ru: 'Три дня учителя из регионов страны делились опытом на семинарах, находили партнёров и планировали совместные проекты eTwinning.\n\nВ последний день каждая команда представила созданный проект; некоторые из них уже в галерее.',
}

/**
 * The regional conference that has taken place, as its organisers left it: every validated demo teacher of an
 * Azerbaijani institution had a place (where they came from kept, as registration keeps it), most were checked in on
 * all three days, some on fewer and two never came; the approved national demo projects name it as where they were
 * created, and the organisers wrote their report. The event page then shows its outcome computed from all this.
 */
export async function seedAttendance(
  db: Queryable,
  conference: { id: string },
  organiserId: string | undefined,
): Promise<void> {
  const event = await db
    .selectFrom('events')
    .select(['starts_at', 'ends_at', 'time_zone'])
    .where('id', '=', conference.id)
    .executeTakeFirstOrThrow()
  const days = eventDays(event)
  const people = await db
    .selectFrom('people as p')
    .innerJoin('memberships as m', 'm.person_id', 'p.id')
    .innerJoin('institutions as i', 'i.id', 'm.institution_id')
    .select(['p.id', 'i.id as institution_id', 'i.type', 'i.region', 'i.country'])
    .where('p.validated_at', 'is not', null)
    .where('p.kind', '=', 'adult')
    .where('m.status', '=', 'confirmed')
    .where('i.country', '=', 'AZ')
    .where('i.type', 'in', ['school', 'vet_college', 'university'])
    .orderBy('p.email')
    .execute()
  const registeredAt = new Date(Date.parse(event.starts_at) - 20 * 86_400_000).toISOString()
  const seen = new Set<string>()
  let index = 0
  for (const person of people) {
    if (seen.has(person.id)) continue
    seen.add(person.id)
    const id = newId()
    await db
      .insertInto('event_registrations')
      .values({
        id,
        event_id: conference.id,
        person_id: person.id,
        status: 'confirmed',
        institution_id: person.institution_id,
        institution_type: person.type,
        region: person.region,
        country: person.country,
        ticket: randomBytes(24).toString('base64url'),
        registered_at: registeredAt,
        confirmed_at: registeredAt,
        cancelled_at: null,
        decided_by: null,
        reminded_at: registeredAt,
      })
      .execute()
    // Every seventh never came; every fifth left after the first day.
    const attended = index % 7 === 6 ? [] : index % 5 === 4 ? days.slice(0, 1) : days
    for (const day of attended) {
      await db
        .insertInto('event_attendance')
        .values({
          registration_id: id,
          day,
          checked_in_at: `${day}T05:20:00.000Z`,
          checked_in_by: organiserId ?? null,
        })
        .execute()
    }
    index++
  }
  await db
    .updateTable('projects')
    .set({ event_id: conference.id })
    .where('status', '=', 'approved')
    .where('scope', '=', 'national')
    .execute()
  await db
    .updateTable('events')
    .set({
      report_az: REPORT.az,
      report_en: REPORT.en,
      report_ru: REPORT.ru,
      outcome_recorded_at: event.ends_at,
    })
    .where('id', '=', conference.id)
    .execute()
}
