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
