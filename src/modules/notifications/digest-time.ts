/** The local hour the daily digest goes out (in the installation's time zone): before the working day. */
export const DIGEST_HOUR = 7

/** How far the zone's wall clock is ahead of UTC at an instant, in milliseconds. */
function zoneOffsetMs(instant: Date, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  }).formatToParts(instant)
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value)
  const wall = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'))
  return wall - Math.floor(instant.getTime() / 1000) * 1000
}

/** The instant a wall-clock time in the zone falls on (the offset re-read there, for a change of summer time). */
function zonedInstant(year: number, month: number, day: number, hour: number, timeZone: string): Date {
  const wall = Date.UTC(year, month, day, hour)
  const guess = wall - zoneOffsetMs(new Date(wall), timeZone)
  return new Date(wall - zoneOffsetMs(new Date(guess), timeZone))
}

/** The next digest time strictly after `now`: today's DIGEST_HOUR in the zone if still ahead, else tomorrow's. */
export function nextDigestAt(now: Date, timeZone: string): Date {
  const local = new Date(now.getTime() + zoneOffsetMs(now, timeZone))
  const [y, m, d] = [local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate()]
  const today = zonedInstant(y, m, d, DIGEST_HOUR, timeZone)
  return today.getTime() > now.getTime() ? today : zonedInstant(y, m, d + 1, DIGEST_HOUR, timeZone)
}
