/** The donate island's model, driven without a browser: steps, one pledge per click, its idempotency key, focus after errors. */
import '../support/island-texts.ts';
import { describe, expect, it } from 'vitest';
import { ApiFailure, type PledgeBody, type PledgeCreated } from '../../src/components/api.ts';
import { createDonateModel, type DonateDeps } from '../../src/components/donate-store.ts';
import { donate as donateTexts, errors } from '../../src/i18n/it.ts';

const NOW = new Date('2026-05-04T10:00:00Z');

/** The network as the model sees it: each pledge request waits until the test answers it. */
function fakeDeps() {
  const requests: { body: PledgeBody; key: string; answer: (result: PledgeCreated | ApiFailure) => void }[] = [];
  const confirmed: string[] = [];
  let keys = 0;
  let succeeded = 0;
  let confirmAnswer: (failure?: ApiFailure) => void = () => {};
  const deps: DonateDeps = {
    createPledge: (body, key) =>
      new Promise((resolve, reject) =>
        requests.push({ body, key, answer: (result) => (result instanceof ApiFailure ? reject(result) : resolve(result)) }),
      ),
    confirmDemoPledge: (pledgeId) =>
      new Promise((resolve, reject) => {
        confirmed.push(pledgeId);
        confirmAnswer = (failure) => (failure ? reject(failure) : resolve({ status: 'succeeded' }));
      }),
    newKey: () => `key-${++keys}`,
    now: () => NOW,
    pledgeSucceeded: () => {
      succeeded++;
    },
  };
  return { deps, requests, confirmed, confirm: (failure?: ApiFailure) => confirmAnswer(failure), succeeded: () => succeeded };
}

function donate(overrides: { otherWaysToGive?: string } = {}) {
  const net = fakeDeps();
  const model = createDonateModel(
    {
      campaign: 'orti',
      campaignTitle: 'Orti in città',
      suggestedCents: [1000, 2500, 5000],
      limits: { minCents: 500, maxCents: 200_000 },
      locale: 'it',
      ...overrides,
    },
    net.deps,
  );
  return { model, net };
}

const fill = (model: ReturnType<typeof donate>['model']) => {
  model.form.update({ name: ' Ada Lovelace ', email: 'ada@example.org', taxCode: 'rssmra80a01l736x' });
  model.tickPrivacy(true);
};

describe('the donate model', () => {
  it('goes form -> pay with the pledge and a summary of it -> back to the form -> pay -> done', async () => {
    const { model, net } = donate();
    expect(model.form.store.get().values.choice).toBe(2500);
    fill(model);
    const sent = model.submit();
    expect(model.form.store.get().busy).toBe(true);
    net.requests[0]!.answer({ pledgeId: 'p1', mode: 'demo' });
    await sent;
    expect(net.requests[0]!.body).toMatchObject({
      campaign: 'orti',
      amountCents: 2500,
      donor: { name: 'Ada Lovelace', taxCode: 'RSSMRA80A01L736X' },
    });
    expect(model.flow.get().step).toEqual({
      name: 'pay',
      pledge: { pledgeId: 'p1', mode: 'demo' },
      summary: {
        campaign: 'Orti in città',
        amountCents: 2500,
        pledgeId: 'p1',
        donor: 'Ada Lovelace',
        taxCode: 'RSSMRA80A01L736X',
        email: 'ada@example.org',
        date: NOW.toISOString(),
      },
    });
    model.back();
    expect(model.flow.get().step.name).toBe('form');
    expect(model.form.store.get().values.name).toBe(' Ada Lovelace ');
  });

  it('a demo payment is confirmed once however fast it is clicked, then thanks and tells the progress islands', async () => {
    const { model, net } = donate();
    fill(model);
    const sent = model.submit();
    net.requests[0]!.answer({ pledgeId: 'p1', mode: 'demo' });
    await sent;
    const first = model.confirmDemo();
    void model.confirmDemo();
    expect(net.confirmed).toEqual(['p1']);
    net.confirm();
    await first;
    expect(model.flow.get().step).toMatchObject({ name: 'done', processing: false, demo: true, summary: { pledgeId: 'p1' } });
    expect(net.succeeded()).toBe(1);
  });

  it('a refused demo confirmation says why and can be tried again', async () => {
    const { model, net } = donate();
    fill(model);
    const sent = model.submit();
    net.requests[0]!.answer({ pledgeId: 'p1', mode: 'demo' });
    await sent;
    const first = model.confirmDemo();
    net.confirm(new ApiFailure(0, { code: 'network_error', message: 'network_error' }));
    await first;
    expect(model.flow.get()).toMatchObject({ confirming: false, step: { name: 'pay' } });
    expect(model.flow.get().payMessage).not.toBe('');
    void model.confirmDemo();
    expect(net.confirmed).toEqual(['p1', 'p1']);
  });

  it('a Stripe payment being processed ends in thanks without telling the progress islands: the webhook counts it', async () => {
    const { model, net } = donate();
    fill(model);
    const sent = model.submit();
    net.requests[0]!.answer({ pledgeId: 'p2', mode: 'stripe', clientSecret: 'pi_1_secret_2', publishableKey: 'pk_test_1' });
    await sent;
    model.paid(true);
    expect(model.flow.get().step).toMatchObject({ name: 'done', processing: true, demo: false });
    expect(net.succeeded()).toBe(0);
  });

  it('creates one pledge however fast the donor clicks twice', async () => {
    const { model, net } = donate();
    fill(model);
    const first = model.submit();
    void model.submit();
    void model.submit();
    expect(net.requests).toHaveLength(1);
    net.requests[0]!.answer({ pledgeId: 'p1', mode: 'demo' });
    await first;
  });

  it('a retry of the same form reuses the idempotency key; a changed form is a new pledge with a new key', async () => {
    const { model, net } = donate();
    fill(model);
    let sent = model.submit();
    net.requests[0]!.answer(new ApiFailure(0, { code: 'network_error', message: 'network_error' }));
    await sent;
    expect(model.flow.get().step.name).toBe('form');
    sent = model.submit();
    net.requests[1]!.answer(new ApiFailure(503, { code: 'unavailable', message: 'busy' }));
    await sent;
    expect(net.requests.map((request) => request.key)).toEqual(['key-1', 'key-1']);
    model.pick(5000);
    sent = model.submit();
    net.requests[2]!.answer({ pledgeId: 'p3', mode: 'demo' });
    await sent;
    expect(net.requests[2]!.key).toBe('key-2');
    expect(net.requests[2]!.body.amountCents).toBe(5000);
    // Back from the payment step and sent unchanged: the same pledge, answered again by the server.
    model.back();
    sent = model.submit();
    net.requests[3]!.answer({ pledgeId: 'p3', mode: 'demo' });
    await sent;
    expect(net.requests[3]!.key).toBe('key-2');
    model.back();
    model.form.update({ message: 'Forza!' });
    void model.submit();
    expect(net.requests[4]!.key).toBe('key-3');
  });

  it('an invalid form focuses the first field at fault in screen order, and sends nothing', async () => {
    const { model, net } = donate();
    await model.submit();
    expect(model.form.takeFocus()).toBe('name');
    expect(model.form.summary().map((error) => error.field)).toEqual(['name', 'email', 'privacy']);
    model.typeOtherAmount('3');
    await model.submit();
    expect(model.form.takeFocus()).toBe('amount');
    expect(net.requests).toHaveLength(0);
  });

  it('a field the server refuses gets our message for it and the focus; the next change clears it', async () => {
    const { model, net } = donate();
    fill(model);
    const sent = model.submit();
    net.requests[0]!.answer(new ApiFailure(400, { code: 'invalid_request', message: 'donor.email: Invalid email', field: 'donor.email' }));
    await sent;
    expect(model.form.errors().email).toBe(errors.email);
    expect(model.form.takeFocus()).toBe('email');
    expect(model.form.alert()).toBe(donateTexts.checkFields);
    model.form.update({ email: 'ada@example.com' });
    expect(model.form.errors().email).toBeUndefined();
  });

  it('while the payee is not ready, says so and lists the other ways to give', async () => {
    const { model, net } = donate({ otherWaysToGive: 'bonifico IT60X0542811101000000123456' });
    fill(model);
    const sent = model.submit();
    net.requests[0]!.answer(new ApiFailure(409, { code: 'payee_not_ready', message: 'not ready' }));
    await sent;
    expect(model.form.alert()).toMatch(/si aprono a breve.*Puoi donare anche così: bonifico IT60X0542811101000000123456$/);
    expect(model.form.takeFocus()).toBeNull();
  });

  it('errors follow the person: shown when the field is left, recomputed as they type, gone when right', () => {
    const { model } = donate();
    model.form.update({ email: 'ada' });
    expect(model.form.errors().email).toBeUndefined();
    model.form.leave('email');
    expect(model.form.errors().email).toBeDefined();
    model.form.update({ email: 'ada@example.org' });
    expect(model.form.errors().email).toBeUndefined();
    // A suggested amount cannot be wrong; typing another one is judged once the box is left.
    model.leaveOtherAmount();
    expect(model.form.store.get().visited.has('amount')).toBe(false);
    model.typeOtherAmount('3');
    expect(model.form.store.get().values.choice).toBe('other');
    model.leaveOtherAmount();
    expect(model.form.errors().amount).toContain('tra 5');
    model.typeOtherAmount('30');
    expect(model.form.errors().amount).toBeUndefined();
  });
});
