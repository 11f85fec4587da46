import type { ValueTransformer } from 'typeorm';

/**
 * Amounts are integer minor units stored as `bigint`; pg hands those back as
 * strings. Keel's amounts stay far below 2^53, so they are numbers in code.
 */
export const MINOR_UNITS: ValueTransformer = {
  to: (value: number | null | undefined) => value,
  from: (value: string | null) => (value === null ? null : Number(value)),
};
