/**
 * Partly known dates (teilbekanntes Datum, as the Ausländerzentralregister and the XÖV standards hold
 * them): `YYYY-MM-DD`, `YYYY-MM` or `YYYY`. The legacy form with zeros for the unknown parts
 * (`1990-00-00`, `1990-05-00`) means the same and is normalised to the reduced form (`1990`, `1990-05`).
 */

/** The forms a client may send, legacy zeros included; `1990-00-05` (a day without a month) is not one. */
export const PARTIAL_DATE_INPUT_PATTERN = /^\d{4}(-\d{2}(-\d{2})?)?$/;

/** The reduced form (what is stored and answered). */
export const PARTIAL_DATE_PATTERN = /^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$/;

const pad = (value: number, length = 2) => String(value).padStart(length, '0');

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/**
 * The reduced form of a partly known date, or `undefined` when it is no date: month 1-12, a day that
 * exists in its month, and no known day in an unknown month.
 */
export function normalisePartialDate(value: string): string | undefined {
  if (!PARTIAL_DATE_INPUT_PATTERN.test(value)) return undefined;
  const [yearText, monthText = '00', dayText = '00'] = value.split('-') as [string, string?, string?];
  const [year, month, day] = [Number(yearText), Number(monthText), Number(dayText)];
  if (month === 0) return day === 0 ? yearText : undefined;
  if (month > 12) return undefined;
  if (day === 0) return `${yearText}-${pad(month)}`;
  return day <= daysInMonth(year, month) ? `${yearText}-${pad(month)}-${pad(day)}` : undefined;
}

/** The first day a (normalised) partly known date can mean, `YYYY-MM-DD`. */
export function earliestDay(date: string): string {
  const [year, month = '01', day = '01'] = date.split('-');
  return `${year}-${month}-${day}`;
}

/** The last day a (normalised) partly known date can mean, `YYYY-MM-DD`. */
export function latestDay(date: string): string {
  const [yearText, monthText, day] = date.split('-') as [string, string?, string?];
  if (day) return date;
  const month = monthText ? Number(monthText) : 12;
  return `${yearText}-${pad(month)}-${pad(daysInMonth(Number(yearText), month))}`;
}

/**
 * Whether a person born on `dateOfBirth` (partly known allowed) is certainly 18 on `onDate`
 * (`YYYY-MM-DD`): even if born on the last day the date can mean. Someone who could still be a minor
 * counts as a minor, the reading that protects the person. The 18th birthday of someone born on 29
 * February is 1 March in a common year (BGB section 188(2), (3)); as strings, `YYYY-02-29` sorts there.
 */
export function isAdultOn(dateOfBirth: string, onDate: string): boolean {
  const born = latestDay(dateOfBirth);
  const eighteenth = `${pad(Number(born.slice(0, 4)) + 18, 4)}${born.slice(4)}`;
  return eighteenth <= onDate;
}
