import { ArgumentMetadata, Injectable, PipeTransform } from '@nestjs/common';
import { DomainError } from './domain-error';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether `value` is a UUID in text form: ids are checked before they reach SQL, where a bad one is a cast error. */
export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
}

/**
 * For ids in a path (`@Param('projectId', ParseIdPipe)`): a malformed id names
 * nothing that could exist, so it is answered like a missing object — 404
 * NOT_FOUND — and never reaches the database (where it would be a cast error).
 */
@Injectable()
export class ParseIdPipe implements PipeTransform<string, string> {
  transform(value: string, metadata: ArgumentMetadata): string {
    if (isUuid(value)) return value.toLowerCase();
    throw new DomainError('NOT_FOUND', `Nothing exists with this ${metadata.data ?? 'id'}.`);
  }
}
