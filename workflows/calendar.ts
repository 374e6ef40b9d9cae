/**
 * Working days, in Asia/Shanghai. Today's calendar knows weekends only; the holiday and
 * 调休 calendar (a holiday on a weekday, a working Saturday) plugs in through `WorkCalendar`
 * without changing any caller.
 */
export interface WorkCalendar {
  /** Is this calendar date (YYYY-MM-DD) a working day? */
  isWorkingDay(date: string): boolean;
}

const SHANGHAI_OFFSET_MS = 8 * 60 * 60 * 1000; // China has no daylight saving time.

/** The calendar date (YYYY-MM-DD) of an instant, in Asia/Shanghai. */
export function shanghaiDate(instant: Date): string {
  return new Date(instant.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}

/** The last millisecond of a Shanghai calendar date, as an ISO-8601 UTC instant. */
export function endOfShanghaiDay(date: string): string {
  const start = Date.parse(`${date}T00:00:00.000Z`) - SHANGHAI_OFFSET_MS;
  return new Date(start + 24 * 60 * 60 * 1000 - 1).toISOString();
}

/**
 * An ISO instant as a date and time in Asia/Shanghai, to the minute for a page
 * (`2026-12-01 09:30`) or to the second for a record on paper or in an export
 * (`2026-12-01 09:30:05`); anything that is not an instant, as it is.
 */
export function shanghaiTime(iso: string, precision: 'minutes' | 'seconds' = 'minutes'): string {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return iso;
  return new Date(t + SHANGHAI_OFFSET_MS).toISOString().slice(0, precision === 'seconds' ? 19 : 16).replace('T', ' ');
}

export function addDays(date: string, days: number): string {
  const t = Date.parse(`${date}T00:00:00.000Z`) + days * 24 * 60 * 60 * 1000;
  return new Date(t).toISOString().slice(0, 10);
}

export const weekendsOnly: WorkCalendar = {
  isWorkingDay(date) {
    const weekday = new Date(`${date}T00:00:00.000Z`).getUTCDay();
    return weekday !== 0 && weekday !== 6;
  },
};

/**
 * The date `n` working days after `date` (the start day itself does not count, as in
 * "5 working days from receipt").
 */
export function addWorkingDays(date: string, n: number, calendar: WorkCalendar = weekendsOnly): string {
  let current = date;
  let left = n;
  while (left > 0) {
    current = addDays(current, 1);
    if (calendar.isWorkingDay(current)) left -= 1;
  }
  return current;
}

/** When a step entered at `now` with `workingDays` to act is due: the end of that day in Shanghai. */
export function dueAt(now: Date, workingDays: number, calendar: WorkCalendar = weekendsOnly): string {
  return endOfShanghaiDay(addWorkingDays(shanghaiDate(now), workingDays, calendar));
}
