import type { ValueTransformer } from 'typeorm';

/** A bigint column read as a number (pg returns bigint as text): audit sequence numbers stay far below 2^53. */
export const bigintNumber: ValueTransformer = {
  to: (value: number | undefined) => value,
  from: (value: string | number | null) => (value === null ? null : Number(value)),
};
