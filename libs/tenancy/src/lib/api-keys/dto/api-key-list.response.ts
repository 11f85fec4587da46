import { ApiKeyResponse } from '@keel/identity';

export class ApiKeyListResponse {
  data: ApiKeyResponse[];
  /** @example null */
  nextCursor: string | null;
}
