/** Bounds of the five fields of a standard cron expression. */
const FIELDS: readonly (readonly [number, number])[] = [
  [0, 59], // minute
  [0, 23], // hour
  [1, 31], // day of month
  [1, 12], // month
  [0, 7], // day of week (0 and 7 are Sunday)
];

const PART = /^(\*|(\d+)(?:-(\d+))?)(?:\/(\d+))?$/;

function fieldIsValid(field: string, [min, max]: readonly [number, number]): boolean {
  return field.split(",").every((part) => {
    const match = PART.exec(part);
    if (!match) {
      return false;
    }
    const [, , from, to, step] = match;
    const inRange = (n: string | undefined) => n === undefined || (+n >= min && +n <= max);
    return (
      inRange(from) && inRange(to) && (to === undefined || +to >= +from) && (!step || +step > 0)
    );
  });
}

/**
 * True for a five-field cron expression with numeric fields (`0 2 * * *`, `0 *\/6 * * 1-5`), the
 * form Longhorn RecurringJobs and Velero Schedules both accept.
 */
export function isCronExpression(text: string): boolean {
  const fields = text.trim().split(/\s+/);
  return fields.length === 5 && fields.every((field, i) => fieldIsValid(field, FIELDS[i]));
}
