// Game time is a count of hours since the scenario's start (UTC). These helpers turn it
// into local wall-clock hours and weekdays for staffing rules, using only arithmetic.

/** Hours since 1970-01-01T00:00Z of an ISO UTC time like 2027-05-14T21:00:00Z. */
export function epochHoursOf(iso: string): number {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2})/.exec(iso);
  if (!match) throw new Error(`not an ISO UTC time: ${iso}`);
  const [year, month, day, hour] = match.slice(1).map(Number);
  return daysFromCivil(year, month, day) * 24 + hour;
}

// Howard Hinnant's days_from_civil: days since 1970-01-01 in the proleptic Gregorian calendar.
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

export interface LocalTime {
  /** Local hour of day, fractional, in [0, 24). */
  hourOfDay: number;
  /** ISO weekday, 1 = Monday ... 7 = Sunday. */
  weekday: number;
}

export function localTime(epochHours: number, utcOffsetHours: number): LocalTime {
  const local = epochHours + utcOffsetHours;
  const day = Math.floor(local / 24);
  const hourOfDay = local - day * 24;
  // 1970-01-01 was a Thursday (ISO 4).
  const weekday = ((((day + 3) % 7) + 7) % 7) + 1;
  return { hourOfDay, weekday };
}

/** "2027-05-14 21:00" for an epoch hour count plus an offset (display only). */
export function formatLocal(epochHours: number, utcOffsetHours: number): string {
  const local = epochHours + utcOffsetHours;
  const days = Math.floor(local / 24);
  const minutesOfDay = Math.round((local - days * 24) * 60);
  const { year, month, day } = civilFromDays(days + Math.floor(minutesOfDay / 1440));
  const m = minutesOfDay % 1440;
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${year}-${pad(month)}-${pad(day)} ${pad(Math.floor(m / 60))}:${pad(m % 60)}`;
}

function civilFromDays(z0: number): { year: number; month: number; day: number } {
  const z = z0 + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}
