import { isISO8601, ValidateBy } from 'class-validator';

/** RFC 3339's date-time: a full date, a full time and a zone (Z or ±hh:mm); ISO 8601's week and ordinal forms are not. */
const RFC3339_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;

/** Whether `value` is a date-time every layer reads the same way: the validator, `new Date` and PostgreSQL. */
export function isTimestamp(value: unknown): value is string {
  return (
    typeof value === 'string' &&
    RFC3339_DATE_TIME.test(value) &&
    isISO8601(value, { strict: true, strictSeparator: true }) &&
    !Number.isNaN(Date.parse(value))
  );
}

/**
 * A point in time sent by a client, for every DTO: an RFC 3339 date-time
 * with its zone. `IsDateString` alone admits ISO forms `new Date` cannot read
 * ("2026-W05", "2026-032"), which reached PostgreSQL as an invalid date and a
 * 500, and times without a zone, read in the server's own.
 */
export function IsTimestamp(): PropertyDecorator {
  return ValidateBy({
    name: 'isTimestamp',
    validator: {
      validate: (value: unknown) => isTimestamp(value),
      defaultMessage: (args) =>
        `${args?.property ?? 'the value'} must be an RFC 3339 date-time with a time zone, such as 2026-11-29T10:00:00Z`,
    },
  });
}
