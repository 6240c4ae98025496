/**
 * Calendar arithmetic in an IANA time zone without a date library: an event is typed as local date and time where
 * it happens, stored in UTC, and shown (and grouped into days and months) in a zone again.
 */

const DAY_MS = 86_400_000

/** Whether the runtime knows the zone (Intl throws on an unknown one). */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone })
    return true
  } catch {
    return false
  }
}

/** Formatters by zone: building an Intl.DateTimeFormat costs far more than using one, and pages use many. */
const clocks = new Map<string, Intl.DateTimeFormat>()

/** The wall-clock parts of an instant in a zone. */
function partsIn(instant: number, zone: string) {
  let clock = clocks.get(zone)
  if (!clock) {
    clock = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    })
    clocks.set(zone, clock)
  }
  const parts = clock.formatToParts(new Date(instant))
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0)
  return {
    year: get('year'),
    month: get('month'),
    day: get('day'),
    hour: get('hour'),
    minute: get('minute'),
    second: get('second'),
  }
}

/** How far the zone's wall clock is ahead of UTC at an instant, in milliseconds. */
function offsetAt(instant: number, zone: string): number {
  const p = partsIn(instant, zone)
  return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - Math.floor(instant / 1000) * 1000
}

/**
 * The UTC instant of a wall-clock date and time in a zone. Twice corrected, so that a time next to a daylight
 * saving change lands on the offset in force then; a time that does not exist (skipped hour) moves forward.
 */
export function zonedToUtc(date: string, time: string, zone: string): Date {
  const [y = 0, m = 1, d = 1] = date.split('-').map(Number)
  const [hh = 0, mm = 0] = time.split(':').map(Number)
  const wall = Date.UTC(y, m - 1, d, hh, mm)
  let utc = wall - offsetAt(wall, zone)
  utc = wall - offsetAt(utc, zone)
  return new Date(utc)
}

/** The local date (YYYY-MM-DD) and time (HH:MM) of an instant in a zone, as a form shows it. */
export function utcToZoned(iso: string, zone: string): { date: string; time: string } {
  const p = partsIn(Date.parse(iso), zone)
  const two = (n: number) => String(n).padStart(2, '0')
  return { date: `${p.year}-${two(p.month)}-${two(p.day)}`, time: `${two(p.hour)}:${two(p.minute)}` }
}

/** The days (YYYY-MM-DD, in the zone) an event spans, first to last. */
export function daysOf(startsAt: string, endsAt: string, zone: string): string[] {
  const first = utcToZoned(startsAt, zone).date
  // An event ending at midnight exactly ends on the day before.
  const last = utcToZoned(new Date(Date.parse(endsAt) - 1).toISOString(), zone).date
  const days: string[] = []
  for (let day = first; day <= last && days.length < 400; day = addDays(day, 1)) days.push(day)
  return days
}

export function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10)
}

/** The current month (YYYY-MM) in a zone. */
export function monthOf(instant: number, zone: string): string {
  return utcToZoned(new Date(instant).toISOString(), zone).date.slice(0, 7)
}

export function shiftMonth(month: string, n: number): string {
  const [y = 2000, m = 1] = month.split('-').map(Number)
  const index = y * 12 + (m - 1) + n
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`
}

/** A month's first instant and the next month's, in the zone. */
export function monthRange(month: string, zone: string): { from: Date; to: Date } {
  return {
    from: zonedToUtc(`${month}-01`, '00:00', zone),
    to: zonedToUtc(`${shiftMonth(month, 1)}-01`, '00:00', zone),
  }
}

/**
 * The weeks of a month as a grid, Monday first: each week seven days (YYYY-MM-DD), with the days of the
 * neighbouring months that fill the first and last week.
 */
export function monthGrid(month: string): string[][] {
  const first = `${month}-01`
  const weekday = (new Date(`${first}T00:00:00Z`).getUTCDay() + 6) % 7
  let day = addDays(first, -weekday)
  const weeks: string[][] = []
  const next = `${shiftMonth(month, 1)}-01`
  while (day < next) {
    const week: string[] = []
    for (let i = 0; i < 7; i++) {
      week.push(day)
      day = addDays(day, 1)
    }
    weeks.push(week)
  }
  return weeks
}
