/** The private link page's model: the token from the fragment, what a missing or unknown link says, one cancellation. */
import '../support/island-texts.ts';
import { describe, expect, it } from 'vitest';
import { ApiFailure, type RegistrationView } from '../../src/components/api.ts';
import { createManageModel } from '../../src/components/registration-manage-store.ts';
import { registration as it_ } from '../../src/i18n/it.ts';

const TOKEN = 'AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_abcde';
const view: RegistrationView = {
  registrationId: 'r1',
  status: 'confirmed',
  position: null,
  event: {
    kind: 'infoday',
    slug: 'webinar',
    title: 'Webinar',
    titleEn: null,
    startsAt: '2026-04-01T08:00:00Z',
    endsAt: null,
    mode: 'online',
  },
};

function manage(fetched: RegistrationView | ApiFailure = view) {
  const asked: string[] = [];
  let answer: (result: RegistrationView | ApiFailure) => void = () => {};
  const model = createManageModel('it', {
    fetchRegistration: (token) => {
      asked.push(`fetch ${token}`);
      return fetched instanceof ApiFailure ? Promise.reject(fetched) : Promise.resolve(fetched);
    },
    cancelRegistration: (token) => {
      asked.push(`cancel ${token}`);
      return new Promise((resolve, reject) => (answer = (result) => (result instanceof ApiFailure ? reject(result) : resolve(result))));
    },
  });
  return { model, asked, answer: (result: RegistrationView | ApiFailure) => answer(result) };
}

describe('the registration page model', () => {
  it('reads the registration the fragment names', async () => {
    const { model, asked } = manage();
    await model.open(`#${TOKEN}`);
    expect(asked).toEqual([`fetch ${TOKEN}`]);
    expect(model.store.get().state).toEqual({ name: 'shown', token: TOKEN, view });
  });

  it('a link without a token asks nothing; an unknown token and an unreachable API each say so', async () => {
    const none = manage();
    await none.model.open('#not-a-token');
    expect(none.model.store.get().state).toEqual({ name: 'no-token' });
    expect(none.asked).toEqual([]);
    const unknown = manage(new ApiFailure(404, { code: 'registration_not_found', message: 'not found' }));
    await unknown.model.open(`#${TOKEN}`);
    expect(unknown.model.store.get().state).toEqual({ name: 'failed', message: it_.errors.codes['registration_not_found'] });
    const offline = manage(new ApiFailure(0, { code: 'network_error', message: 'network_error' }));
    await offline.model.open(`#${TOKEN}`);
    expect(offline.model.store.get().state).toEqual({ name: 'failed', message: it_.manage.unreachable });
  });

  it('cancels once however fast it is clicked, and shows the cancelled registration', async () => {
    const { model, asked, answer } = manage();
    await model.open(`#${TOKEN}`);
    model.ask(true);
    const first = model.cancel();
    expect(await model.cancel()).toBe(false);
    answer({ ...view, status: 'cancelled' });
    expect(await first).toBe(true);
    expect(asked).toEqual([`fetch ${TOKEN}`, `cancel ${TOKEN}`]);
    expect(model.store.get()).toMatchObject({ state: { name: 'shown', view: { status: 'cancelled' } }, asking: false, busy: false });
  });

  it('a refused cancellation says why and can be tried again', async () => {
    const { model, asked, answer } = manage();
    await model.open(`#${TOKEN}`);
    const first = model.cancel();
    answer(new ApiFailure(0, { code: 'network_error', message: 'network_error' }));
    expect(await first).toBe(false);
    expect(model.store.get().message).toBe(it_.errors.generic);
    void model.cancel();
    expect(asked.filter((call) => call.startsWith('cancel'))).toHaveLength(2);
  });
});
