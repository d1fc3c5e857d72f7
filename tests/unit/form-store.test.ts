/** The one form model of the islands: errors follow what is typed, the summary and the alert follow them, one send at a time. */
import { describe, expect, it } from 'vitest';
import { createFormModel } from '../../src/components/form-store.ts';

interface Values {
  name: string;
  email: string;
}
type Name = keyof Values;
const rules = {
  order: ['name', 'email'] as const,
  validate: (values: Values) => ({
    ...(values.name === '' && { name: 'name needed' }),
    ...(!values.email.includes('@') && { email: 'e-mail needed' }),
  }),
  checkFields: 'check the fields',
};
const form = () => createFormModel<Values, Name>(rules, { name: '', email: '' });

describe('the form model', () => {
  it('shows no error before a field is left or the form sent; a field left shows its own error only', () => {
    const model = form();
    expect(model.errors()).toEqual({});
    model.leave('email');
    expect(model.errors()).toEqual({ email: 'e-mail needed' });
    expect(model.summary()).toEqual([]);
  });

  it('an invalid send lists every error in screen order, focuses the first, and sends nothing', async () => {
    const model = form();
    let sent = 0;
    await model.submit(() => {
      sent++;
      return Promise.resolve();
    });
    expect(sent).toBe(0);
    expect(model.summary()).toEqual([
      { field: 'name', message: 'name needed' },
      { field: 'email', message: 'e-mail needed' },
    ]);
    expect(model.alert()).toBe('check the fields');
    expect(model.takeFocus()).toBe('name');
    expect(model.takeFocus()).toBeNull();
  });

  it('after a send, each error, the summary and the alert go away as the fields are corrected, keystroke by keystroke', async () => {
    const model = form();
    await model.submit(async () => {});
    model.update({ name: 'Ada' });
    expect(Object.keys(model.errors())).toEqual(['email']);
    model.update({ email: 'ada@' });
    expect(model.errors()).toEqual({});
    expect(model.summary()).toEqual([]);
    expect(model.alert()).toBe('');
    model.update({ email: 'ada' });
    expect(model.summary()).toEqual([{ field: 'email', message: 'e-mail needed' }]);
    expect(model.alert()).toBe('check the fields');
  });

  it('sends once however many times it is asked while a send is under way, and again once it is over', async () => {
    const model = form();
    model.update({ name: 'Ada', email: 'ada@example.org' });
    let release = () => {};
    const sent: Values[] = [];
    const send = (values: Values) => {
      sent.push(values);
      return new Promise<void>((resolve) => (release = resolve));
    };
    const first = model.submit(send);
    await model.submit(send);
    expect(model.store.get().busy).toBe(true);
    release();
    await first;
    expect(sent).toEqual([{ name: 'Ada', email: 'ada@example.org' }]);
    expect(model.store.get().busy).toBe(false);
    const again = model.submit(send);
    release();
    await again;
    expect(sent).toHaveLength(2);
  });

  it('a refusal shows the server’s field error and focuses it, until the person changes the form', () => {
    const model = form();
    model.update({ name: 'Ada', email: 'ada@example.org' });
    model.refuse('check the fields', { email: 'taken' });
    expect(model.errors()).toEqual({ email: 'taken' });
    expect(model.takeFocus()).toBe('email');
    model.update({ email: 'grace@example.org' });
    expect(model.errors()).toEqual({});
  });

  it('a refusal naming no field says why and moves no focus', () => {
    const model = form();
    model.refuse('the server is busy');
    expect(model.alert()).toBe('the server is busy');
    expect(model.takeFocus()).toBeNull();
  });

  it('tells its listeners of every change, and stops when they unsubscribe', () => {
    const model = form();
    let told = 0;
    const stop = model.store.subscribe(() => told++);
    model.update({ name: 'A' });
    model.leave('name');
    stop();
    model.update({ name: 'Ad' });
    expect(told).toBe(2);
  });
});
