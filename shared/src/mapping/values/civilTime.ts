const DAY_MS = 86_400_000;

const pad = (n: number, width: number) => String(n).padStart(width, '0');

/** Days since 1970-01-01 as YYYY-MM-DD, in integer arithmetic (H. Hinnant's civil_from_days): no Date per cell. */
export function isoDate(days: number): string {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const dayOfEra = z - era * 146097;
  const yearOfEra = Math.floor((dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36524) - Math.floor(dayOfEra / 146096)) / 365);
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const mp = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return `${pad(yearOfEra + era * 400 + (month <= 2 ? 1 : 0), 4)}-${pad(month, 2)}-${pad(day, 2)}`;
}

let lastDay = NaN;
let lastDate = '';

/** Milliseconds since the epoch (a fraction for microseconds) as 'YYYY-MM-DD HH:MM:SS[.ffffff]' in UTC. */
export function sqlDatetime(ms: number): string {
  const days = Math.floor(ms / DAY_MS);
  // A log's times mostly share their day: its text is made once.
  if (days !== lastDay) {
    lastDay = days;
    lastDate = isoDate(days);
  }
  const inDay = ms - days * DAY_MS;
  const seconds = Math.floor(inDay / 1000);
  const micros = Math.round((inDay - seconds * 1000) * 1000);
  const time = `${pad(Math.floor(seconds / 3600), 2)}:${pad(Math.floor(seconds / 60) % 60, 2)}:${pad(seconds % 60, 2)}`;
  return `${lastDate} ${time}${micros === 0 ? '' : `.${pad(micros, 6)}`}`;
}

/** Milliseconds since midnight (UTC, an offset taken away) as TIME's 'HH:MM:SS[.ffffff]': sqlDatetime's time of day. */
export const sqlTimeOfDay = (ms: number) => sqlDatetime(ms).slice('YYYY-MM-DD '.length);
