import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { Trim } from '@keel/platform-errors';
import { MISMATCH_ACTIONS, MismatchAction } from '../billing-mismatch.entity';

export class ResolveMismatchDto {
  /**
   * `push_local`: make the provider say what Keel says (mirror the
   * subscription again, make a missing invoice, mark the provider's invoice
   * paid, void or uncollectible); `pull_provider`: make Keel say what the
   * provider says (an invoice the provider has paid, voided or written off);
   * `ignore`: accept the difference. @example "pull_provider"
   */
  @IsIn(MISMATCH_ACTIONS)
  action: MismatchAction;

  /** Why, for the audit trail. @example "Paid by bank transfer, recorded at Stripe by support." */
  @IsOptional()
  @IsString()
  @Trim()
  @MaxLength(1000)
  note?: string;
}
