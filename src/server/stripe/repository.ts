/**
 * All SQL of Stripe's notifications: `stripe_events`, the ids of the events applied (each once), and
 * `stripe_events_rejected`, the signed events whose shape was wrong, kept for a person to look into.
 */
import type { Queryable, Tx } from '../db/pool.ts';

/**
 * Claims an event for this transaction: false when it was already received (a replay). A concurrent
 * delivery of the same event waits here until the first one commits, then sees it as a replay.
 */
export async function claimEvent(tx: Tx, id: string, type: string): Promise<boolean> {
  const { rowCount } = await tx.query(
    "INSERT INTO stripe_events (id, type, outcome) VALUES ($1, $2, 'processing') ON CONFLICT (id) DO NOTHING",
    [id, type],
  );
  return rowCount !== 0;
}

export async function setEventOutcome(tx: Tx, id: string, outcome: string): Promise<void> {
  await tx.query('UPDATE stripe_events SET outcome = $2 WHERE id = $1', [id, outcome]);
}

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
