import { v5 as uuidv5 } from 'uuid';

/** A fixed namespace for delivery job ids (random once, never to change). */
const DELIVERY_NAMESPACE = '0f8f3c2e-5c43-4b5e-9a7d-3f1b6a2c9e41';

/**
 * The pg-boss job id of an event's delivery to a consumer: the same pair
 * always gives the same id, so a relay that sends it twice (it crashed after
 * sending, before its commit was seen) inserts nothing the second time.
 */
export function deliveryJobId(consumer: string, eventId: string): string {
  return uuidv5(`${consumer}:${eventId}`, DELIVERY_NAMESPACE);
}
