/**
 * The registration island's model: the form (src/components/form-store.ts with the rules of
 * registration-model.ts), the visitor's clock and the result. The view renders it and calls its actions.
 */
import { ApiFailure, createRegistration, type RegistrationBody, type RegistrationCreated } from './api.ts';
import { createFormModel } from './form-store.ts';
import { registrationTexts, type Locale } from './i18n.ts';
import {
  EMPTY_FORM,
  FIELD_ORDER,
  formPhase,
  messageFor,
  toRegistrationBody,
  validate,
  type FieldName,
  type RegistrationForm,
} from './registration-model.ts';
import { createStore } from './store.ts';

export interface RegistrationSettings {
  kind: 'infoday' | 'path';
  slug: string;
  opensAt: string;
  closesAt: string;
  /** When the page was built: the first render says what was true then, the browser's clock corrects it. */
  builtAt: string;
  locale: Locale;
}

export interface RegistrationDeps {
  createRegistration(kind: 'infoday' | 'path', slug: string, body: RegistrationBody): Promise<RegistrationCreated>;
}

export function createRegistrationModel(settings: RegistrationSettings, deps: RegistrationDeps = { createRegistration }) {
  const { kind, locale } = settings;
  const form = createFormModel<RegistrationForm, FieldName>(
    { order: FIELD_ORDER, validate: (values) => validate(values, kind, locale), checkFields: registrationTexts(locale).form.checkFields },
    EMPTY_FORM,
  );
  const state = createStore<{ now: Date; result: RegistrationCreated | null }>({ now: new Date(settings.builtAt), result: null });
  return {
    form,
    state,
    /** Whether the window is open, by the last clock reading. */
    phase: () => formPhase(settings, state.get().now),
    clock: (now: Date) => {
      state.set({ now });
    },
    submit: () =>
      form.submit(async (values) => {
        try {
          state.set({ result: await deps.createRegistration(kind, settings.slug, toRegistrationBody(values, locale)) });
        } catch (error) {
          form.refuse(messageFor(error instanceof ApiFailure ? error.error.code : undefined, locale));
        }
      }),
  };
}

export type RegistrationModel = ReturnType<typeof createRegistrationModel>;
