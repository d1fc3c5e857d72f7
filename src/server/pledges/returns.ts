/**
 * A refund or lost dispute of a donation, as the webhooks and the closing job apply it: the ledger
 * counts it, then, in the same transaction, what follows for the donor once money actually left the
 * donation: its receipts are void and a refund is announced by e-mail.
 */
import type { App } from '../app.ts';
import type { Tx } from '../db/pool.ts';
import { applyReturn, type ReturnFact } from '../ledger/returns.ts';
import { queueRefundIssued } from '../mail/queue.ts';
import { voidReceiptsOf } from '../receipts/repository.ts';
import type { Pledge } from './repository.ts';

export type { ReturnFact };

/** Applies one return to a succeeded donation whose row the caller has locked. */
export async function returnDonation(app: App, tx: Tx, locked: Pledge, fact: ReturnFact): Promise<'processed' | 'duplicate'> {
  const now = app.now();
  const applied = await applyReturn(tx, app.catalog, locked, fact, now);
  if (applied.newlyCountedCents > 0) {
    // A receipt issued for more than the donation now holds is void; its number is never given again.
    await voidReceiptsOf(tx, locked.id, now);
    if (fact.kind === 'refund') await queueRefundIssued(app, tx, locked.id, fact.id, applied.newlyCountedCents);
  }
  return applied.outcome;
}
