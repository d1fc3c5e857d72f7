/** Signed Stripe events whose shape was wrong: kept for a person to look into, never applied. Owns `stripe_events_rejected`. */
import type { Queryable } from '../db/pool.ts';

export interface RejectedEvent {
  eventId: string | null;
  type: string | null;
  objectId: string | null;
  reason: string;
  fields: Record<string, unknown>;
}

/** Stores the event once per event id: Stripe's retries of the same delivery add nothing. */
export async function recordRejectedEvent(db: Queryable, event: RejectedEvent): Promise<void> {
  await db.query(
    `INSERT INTO stripe_events_rejected (event_id, type, object_id, reason, fields) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (event_id) WHERE event_id IS NOT NULL DO NOTHING`,
    [event.eventId, event.type, event.objectId, event.reason.replaceAll('\u0000', '?').slice(0, 2000), JSON.stringify(event.fields)],
  );
}
