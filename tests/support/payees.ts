/**
 * Makes a campaign's payee able to receive donations, the way a city does it: the admin onboarding call
 * creates the connected account at the fake Stripe, the organisation completes Stripe's onboarding (the
 * fake's test hook), and the `account.updated` event Stripe then sends is applied.
 */
import type { App } from '../../src/server/app.ts';
import { onboardOrganisation } from '../../src/server/payouts/accounts.ts';
import { receiveEvent } from '../../src/server/stripe/webhooks.ts';
import type { FakeStripe } from './fake-stripe.ts';
import { webhookDelivery } from './stripe-events.ts';

export async function readyPayee(app: App, stripe: FakeStripe, organisation: string): Promise<string> {
  // A fake reset forgets accounts the database still names: start this organisation afresh.
  await app.db().query('DELETE FROM connected_accounts WHERE organisation = $1', [organisation]);
  const { accountId } = await onboardOrganisation(app, organisation, 'http://localhost');
  const outcome = await receiveEvent(app, JSON.parse(JSON.stringify(stripe.completeOnboarding(accountId))));
  if (outcome !== 'processed') throw new Error(`account.updated for ${accountId} was ${outcome}`);
  return accountId;
}

/**
 * The same over HTTP against a served site: the admin endpoint creates the account, the fake completes
 * its onboarding, and the `account.updated` event goes to /api/stripe/webhook signed with the Connect secret.
 */
export async function readyPayeesOverHttp(
  site: { url: string; stripe: FakeStripe; adminToken: string; connectWebhookSecret: string },
  organisations: readonly string[],
): Promise<Map<string, string>> {
  const accounts = new Map<string, string>();
  for (const organisation of organisations) {
    const response = await fetch(`${site.url}/api/admin/organisations/${organisation}/stripe-account`, {
      method: 'POST',
      headers: { authorization: `Bearer ${site.adminToken}` },
    });
    if (response.status !== 200) throw new Error(`onboarding ${organisation}: HTTP ${response.status} ${await response.text()}`);
    const { accountId } = (await response.json()) as { accountId: string };
    const { body, headers } = webhookDelivery(site.stripe.completeOnboarding(accountId), site.connectWebhookSecret);
    const delivered = await fetch(`${site.url}/api/stripe/webhook`, { method: 'POST', headers, body });
    if (delivered.status !== 200) throw new Error(`account.updated for ${organisation}: HTTP ${delivered.status}`);
    accounts.set(organisation, accountId);
  }
  return accounts;
}
