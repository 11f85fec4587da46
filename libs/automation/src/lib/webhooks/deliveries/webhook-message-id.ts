/**
 * The `webhook-id` of a delivery: one per message, the same on every attempt
 * of it. Not the event's id: one event can reach one endpoint as several
 * deliveries (its subscription and a rule's `send_webhook`, or two rules),
 * and a receiver deduplicating on webhook-id, as Standard Webhooks says it
 * should, would drop all but one of them. The `msg_` prefix follows the
 * specification's examples and keeps it apart from the event id in the body.
 */
export function webhookMessageId(deliveryId: string): string {
  return `msg_${deliveryId}`;
}
