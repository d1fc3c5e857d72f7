/** The registration island's model, driven without a browser: one registration per click, errors and focus, the window by the visitor's clock. */
import '../support/island-texts.ts';
import { describe, expect, it } from 'vitest';
import { ApiFailure, type RegistrationBody, type RegistrationCreated } from '../../src/components/api.ts';
import { createRegistrationModel } from '../../src/components/registration-store.ts';
import { registration as en } from '../../src/i18n/en.ts';

const created: RegistrationCreated = {
  registrationId: 'r1',
  status: 'confirmed',
  position: null,
  event: {
    kind: 'path',
    slug: 'percorso-1',
    title: 'Percorso',
    titleEn: 'Path',
    startsAt: '2026-04-01T08:00:00Z',
    endsAt: null,
    mode: 'in-person',
  },
  token: 'AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_abcde',
  managePath: '/en/iscrizione/#AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_abcde',
};

function register(kind: 'infoday' | 'path' = 'path') {
  const requests: { kind: string; slug: string; body: RegistrationBody; answer: (result: RegistrationCreated | ApiFailure) => void }[] = [];
  const model = createRegistrationModel(
    {
      kind,
      slug: 'percorso-1',
      opensAt: '2026-03-01T08:00:00Z',
      closesAt: '2026-03-20T22:00:00Z',
      builtAt: '2026-02-20T10:00:00Z',
      locale: 'en',
    },
    {
      createRegistration: (kind, slug, body) =>
        new Promise((resolve, reject) =>
          requests.push({ kind, slug, body, answer: (result) => (result instanceof ApiFailure ? reject(result) : resolve(result)) }),
        ),
    },
  );
  return { model, requests };
}

describe('the registration model', () => {
  it('says what was true when the page was built, then what the visitor’s clock says', () => {
    const { model } = register();
    expect(model.phase()).toBe('not-yet');
    model.clock(new Date('2026-03-05T10:00:00Z'));
    expect(model.phase()).toBe('open');
    model.clock(new Date('2026-03-21T10:00:00Z'));
    expect(model.phase()).toBe('closed');
  });

  it('an empty form focuses the name, a path then insists on the organisation, and nothing is sent until it is right', async () => {
    const { model, requests } = register();
    await model.submit();
    expect(model.form.alert()).toBe(en.form.checkFields);
    expect(model.form.takeFocus()).toBe('name');
    model.form.update({ name: 'Grace Hopper', email: 'grace@example.org' });
    model.form.update({ privacy: true }, 'privacy');
    expect(Object.keys(model.form.errors())).toEqual(['organisation']);
    await model.submit();
    expect(model.form.takeFocus()).toBe('organisation');
    expect(model.form.errors().organisation).toBe(en.errors.organisation);
    expect(requests).toHaveLength(0);
    model.form.update({ organisation: 'Example cooperative' });
    expect(model.form.errors()).toEqual({});
    expect(model.form.alert()).toBe('');
  });

  it('registers once however fast it is clicked, and keeps the result', async () => {
    const { model, requests } = register();
    model.form.update({ name: ' Grace Hopper ', email: 'grace@example.org', organisation: 'Coop', privacy: true });
    const first = model.submit();
    void model.submit();
    expect(requests).toHaveLength(1);
    expect(requests[0]).toMatchObject({
      kind: 'path',
      slug: 'percorso-1',
      body: { name: 'Grace Hopper', organisation: 'Coop', locale: 'en' },
    });
    requests[0]!.answer(created);
    await first;
    expect(model.state.get().result).toBe(created);
  });

  it('a refusal is announced in our words, and the form can be sent again', async () => {
    const { model, requests } = register('infoday');
    model.form.update({ name: 'Ada', email: 'ada@example.org', privacy: true });
    const first = model.submit();
    requests[0]!.answer(new ApiFailure(409, { code: 'already_registered', message: 'already registered' }));
    await first;
    expect(model.form.alert()).toBe(en.errors.codes.already_registered);
    expect(model.form.store.get().busy).toBe(false);
    expect(model.state.get().result).toBeNull();
    void model.submit();
    expect(requests).toHaveLength(2);
  });
});
