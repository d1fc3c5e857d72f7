/**
 * The donate island's model: the form (src/components/form-store.ts with the rules of donate-model.ts), the
 * idempotency key of the pledge being made, and the steps form -> pay -> done. The view renders it and calls
 * its actions; the network, the key and the clock come in as dependencies so unit tests drive it whole.
 */
import { ApiFailure, confirmDemoPledge, createPledge, PLEDGE_SUCCEEDED_EVENT, type PledgeBody, type PledgeCreated } from './api.ts';
import type { Summary } from './DonationSummary.tsx';
import {
  amountCents,
  FIELD_ORDER,
  messageFor,
  normaliseTaxCode,
  serverErrors,
  toPledgeBody,
  validate,
  type DonateForm,
  type FieldName,
  type Limits,
} from './donate-model.ts';
import { createFormModel } from './form-store.ts';
import { texts, type Locale } from './i18n.ts';
import { createStore } from './store.ts';

export type Step =
  | { name: 'form' }
  | { name: 'pay'; pledge: PledgeCreated; summary: Summary }
  | { name: 'done'; processing: boolean; demo: boolean; summary: Summary };

export interface DonateSettings {
  campaign: string;
  /** Shown in the printable summary; the slug when absent. */
  campaignTitle?: string | undefined;
  suggestedCents: readonly number[];
  limits: Limits;
  otherWaysToGive?: string | undefined;
  locale: Locale;
}

export interface DonateDeps {
  createPledge(body: PledgeBody, idempotencyKey: string): Promise<PledgeCreated>;
  confirmDemoPledge(pledgeId: string): Promise<unknown>;
  newKey(): string;
  now(): Date;
  /** Tells the page's progress islands that money was counted. */
  pledgeSucceeded(): void;
}

const browserDeps: DonateDeps = {
  createPledge,
  confirmDemoPledge,
  newKey: () => crypto.randomUUID(),
  now: () => new Date(),
  pledgeSucceeded: () => window.dispatchEvent(new CustomEvent(PLEDGE_SUCCEEDED_EVENT)),
};

export function createDonateModel(settings: DonateSettings, deps: DonateDeps = browserDeps) {
  const { campaign, limits, locale } = settings;
  const t = texts(locale);
  // The key of the pledge the form describes: a retry of the same form reuses it (the server answers with
  // the same pledge), any change to the form makes it a new pledge with a new key.
  let key: string | null = null;
  const form = createFormModel<DonateForm, FieldName>(
    { order: FIELD_ORDER, validate: (values) => validate(values, limits, locale), checkFields: t.donate.checkFields },
    {
      choice: settings.suggestedCents[1] ?? settings.suggestedCents[0] ?? 'other',
      otherEuros: '',
      name: '',
      anonymous: false,
      email: '',
      taxCode: '',
      message: '',
      showMessage: false,
      updates: false,
      privacy: false,
    },
    () => (key = null),
  );
  const flow = createStore<{ step: Step; confirming: boolean; payMessage: string }>({
    step: { name: 'form' },
    confirming: false,
    payMessage: '',
  });

  const summaryOf = (values: DonateForm, pledge: PledgeCreated): Summary => {
    const taxCode = normaliseTaxCode(values.taxCode ?? '');
    return {
      campaign: settings.campaignTitle ?? campaign,
      amountCents: amountCents(values) ?? 0,
      pledgeId: pledge.pledgeId,
      donor: values.anonymous ? null : values.name.trim(),
      taxCode: !values.anonymous && taxCode !== '' ? taxCode : null,
      email: values.email.trim(),
      date: deps.now().toISOString(),
    };
  };

  const model = {
    form,
    flow,
    /** The key the next pledge request carries, if one was made for the form as it is. */
    key: () => key,
    pick: (choice: DonateForm['choice']) => {
      form.update({ choice }, choice === 'other' ? undefined : 'amount');
    },
    typeOtherAmount: (text: string) => {
      form.update({ otherEuros: text, ...(text.trim() !== '' && { choice: 'other' as const }) });
    },
    leaveOtherAmount: () => {
      // Leaving the box while a suggested amount is chosen says nothing about the amount.
      if (form.store.get().values.choice === 'other') form.leave('amount');
    },
    tickPrivacy: (privacy: boolean) => {
      form.update({ privacy }, 'privacy');
    },
    submit: () =>
      form.submit(async (values) => {
        key ??= deps.newKey();
        try {
          const pledge = await deps.createPledge(toPledgeBody(campaign, values, locale), key);
          flow.set({ step: { name: 'pay', pledge, summary: summaryOf(values, pledge) }, payMessage: '' });
        } catch (error) {
          const failure = error instanceof ApiFailure ? error.error : undefined;
          const refused = serverErrors(failure, values, limits, locale);
          // Not open to online donations yet: the other ways to give the campaign lists still work.
          const other = failure?.code === 'payee_not_ready' && settings.otherWaysToGive;
          form.refuse(other ? `${refused.message} ${t.donate.otherWays} ${other}` : refused.message, refused.fields);
        }
      }),
    back: () => {
      flow.set({ step: { name: 'form' } });
    },
    /** The payment went through (or, for a delayed method, is being processed). */
    paid: (processing: boolean) => {
      const { step } = flow.get();
      if (step.name !== 'pay') return;
      const demo = step.pledge.mode === 'demo';
      // The demo confirmation has already reached the ledger; a Stripe payment does when its webhook arrives.
      if (demo) deps.pledgeSucceeded();
      flow.set({ step: { name: 'done', processing, demo, summary: step.summary } });
    },
    confirmDemo: async () => {
      const { step, confirming } = flow.get();
      if (step.name !== 'pay' || confirming) return;
      flow.set({ confirming: true, payMessage: '' });
      try {
        await deps.confirmDemoPledge(step.pledge.pledgeId);
        flow.set({ confirming: false });
        model.paid(false);
      } catch (error) {
        flow.set({ confirming: false, payMessage: messageFor(error instanceof ApiFailure ? error.error.code : undefined, locale) });
      }
    },
  };
  return model;
}

export type DonateModel = ReturnType<typeof createDonateModel>;
