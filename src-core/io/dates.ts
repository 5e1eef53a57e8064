/**
 * Calendar dates from cell text, strictly, without the Date object (src-core is deterministic and Date parsing is
 * locale- and engine-dependent). Accepted: ISO 2024-03-05 (optionally with a time, as xlsx date cells arrive),
 * 2024/03/05, 05.03.2024 (day first, the dotted European form), and 05/03/2024 or 3/5/24 only when the mapping says
 * whether the day or the month comes first. Returns the ISO date, or a reason.
 */

export type DateOrder = 'dmy' | 'mdy';

export type DateReading = { ok: true; iso: string } | { ok: false; reason: string };

function isLeap(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function build(year: number, month: number, day: number): DateReading {
  if (month < 1 || month > 12) return { ok: false, reason: `month ${month} does not exist` };
  const days = month === 2 && isLeap(year) ? 29 : DAYS[month - 1];
  if (day < 1 || day > days) return { ok: false, reason: `day ${day} does not exist in month ${month} of ${year}` };
  const pad = (n: number, w: number) => String(n).padStart(w, '0');
  return { ok: true, iso: `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}` };
}

function fullYear(text: string): number {
  // Two-digit years are read as 20xx: lab records are recent.
  return text.length === 2 ? 2000 + Number(text) : Number(text);
}

export function parseDate(raw: string, order?: DateOrder): DateReading {
  const text = raw.trim();
  let m = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/.exec(text);
  if (m) return build(Number(m[1]), Number(m[2]), Number(m[3]));
  m = /^(\d{1,2})\.(\d{1,2})\.(\d{4}|\d{2})$/.exec(text);
  if (m) return build(fullYear(m[3]), Number(m[2]), Number(m[1]));
  m = /^(\d{1,2})\/(\d{1,2})\/(\d{4}|\d{2})$/.exec(text);
  if (m) {
    const [a, b] = [Number(m[1]), Number(m[2])];
    if (!order) {
      return { ok: false, reason: 'ambiguous: day/month or month/day? State the date order in the mapping' };
    }
    return order === 'dmy' ? build(fullYear(m[3]), b, a) : build(fullYear(m[3]), a, b);
  }
  return { ok: false, reason: 'not a date (expected e.g. 2024-03-05 or 05.03.2024)' };
}

/**
 * Milliseconds since 1970-01-01 UTC as ISO text, the way Date.prototype.toISOString writes it
 * (2024-03-05T18:00:00.000Z), by calendar arithmetic (Hinnant's civil_from_days) instead of the Date object.
 */
export function isoFromEpochMs(ms: number): string {
  const dayMs = 86_400_000;
  const days = Math.floor(ms / dayMs);
  let rest = ms - days * dayMs;
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  const pad = (n: number, w: number) => String(n).padStart(w, '0');
  const hours = Math.floor(rest / 3_600_000);
  rest -= hours * 3_600_000;
  const minutes = Math.floor(rest / 60_000);
  rest -= minutes * 60_000;
  const seconds = Math.floor(rest / 1000);
  return `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}T${pad(hours, 2)}:${pad(minutes, 2)}:${pad(seconds, 2)}.${pad(rest - seconds * 1000, 3)}Z`;
}
