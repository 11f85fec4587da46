import { Injectable } from '@nestjs/common';
import { ClsService } from 'nestjs-cls';

const WARNINGS = 'billing.entitlementWarnings';

/**
 * The soft limits a request went past, kept in its request context until the
 * response leaves with them in `Keel-Entitlement-Warning`.
 */
@Injectable()
export class EntitlementWarnings {
  constructor(private readonly cls: ClsService) {}

  /**
   * Starts the request's list. It must exist before the tenant transaction
   * opens: the transaction runs in a child context whose own new keys vanish
   * with it, while a list it inherits is the same array.
   */
  begin(): void {
    if (this.cls.isActive()) this.cls.set(WARNINGS, []);
  }

  add(warning: string): void {
    const warnings = this.cls.isActive() ? this.cls.get<string[] | undefined>(WARNINGS) : undefined;
    warnings?.push(warning);
  }

  taken(): string[] {
    return (this.cls.isActive() ? this.cls.get<string[] | undefined>(WARNINGS) : undefined) ?? [];
  }
}
