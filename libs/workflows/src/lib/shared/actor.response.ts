/** Who did something: a user or an API key. */
export class ActorResponse {
  /** `user` or `api-key`. @example "user" */
  type: string;
  /** @example "0193a5e2-7c4f-7b6e-9d2a-5f1e8c3b2a10" */
  id: string;

  static of(type: string | null, id: string | null): ActorResponse | null {
    return type && id ? { type, id } : null;
  }
}
