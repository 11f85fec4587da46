import { ArgumentMetadata, Injectable, PipeTransform } from '@nestjs/common';
import { DomainError } from './domain-error';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * For ids in a path (`@Param('projectId', ParseIdPipe)`): a malformed id names
 * nothing that could exist, so it is answered like a missing object — 404
 * NOT_FOUND — and never reaches the database (where it would be a cast error).
 */
@Injectable()
export class ParseIdPipe implements PipeTransform<string, string> {
  transform(value: string, metadata: ArgumentMetadata): string {
    if (typeof value === 'string' && UUID.test(value)) return value.toLowerCase();
    throw new DomainError('NOT_FOUND', `Nothing exists with this ${metadata.data ?? 'id'}.`);
  }
}
