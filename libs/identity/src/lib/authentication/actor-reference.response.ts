/** Who did something, as every trail, event and ledger shows it. */
export class ActorReferenceResponse {
  /** `user`, `api-key` or `automation`. @example "user" */
  type: string;
  /** The user's, key's or automation rule's id. @example "0193a5e2-7c4f-7b6e-9d2a-5f1e8c3b2a10" */
  id: string;

  /** From the pair of columns a row keeps it in; null when either is. */
  static of(type: string | null, id: string | null): ActorReferenceResponse | null {
    return type && id ? { type, id } : null;
  }
}
