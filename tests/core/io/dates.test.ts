import { expect, it } from 'vitest';
import { parseDate } from '@core/io/dates';

it('reads the unambiguous forms and checks the calendar', () => {
  expect(parseDate('2024-03-05')).toEqual({ ok: true, iso: '2024-03-05' });
  expect(parseDate(' 2024/3/5 ')).toEqual({ ok: true, iso: '2024-03-05' });
  expect(parseDate('2024-03-05T13:45:00.000Z')).toEqual({ ok: true, iso: '2024-03-05' });
  expect(parseDate('05.03.2024')).toEqual({ ok: true, iso: '2024-03-05' });
  expect(parseDate('29.02.2024')).toEqual({ ok: true, iso: '2024-02-29' });
  expect(parseDate('29.02.2023')).toEqual({ ok: false, reason: 'day 29 does not exist in month 2 of 2023' });
  expect(parseDate('2024-13-01')).toEqual({ ok: false, reason: 'month 13 does not exist' });
  expect(parseDate('March 5')).toMatchObject({ ok: false });
});

it('reads slash dates only with a stated order', () => {
  expect(parseDate('03/05/2024')).toMatchObject({ ok: false, reason: expect.stringMatching(/ambiguous/) });
  expect(parseDate('03/05/2024', 'dmy')).toEqual({ ok: true, iso: '2024-05-03' });
  expect(parseDate('03/05/24', 'mdy')).toEqual({ ok: true, iso: '2024-03-05' });
});
