/**
 * The private link page's model: the registration the link's token names, and cancelling it, once however
 * fast it is clicked, after the person confirmed. The view renders it and calls its actions.
 */
import { ApiFailure, cancelRegistration, fetchRegistration, type RegistrationView } from './api.ts';
import { registrationTexts, type Locale } from './i18n.ts';
import { messageFor, tokenFromHash } from './registration-model.ts';
import { createStore } from './store.ts';

export type ManageState =
  | { name: 'loading' }
  | { name: 'no-token' }
  | { name: 'failed'; message: string }
  | { name: 'shown'; token: string; view: RegistrationView };

export interface ManageDeps {
  fetchRegistration(token: string): Promise<RegistrationView>;
  cancelRegistration(token: string): Promise<RegistrationView>;
}

export function createManageModel(locale: Locale, deps: ManageDeps = { fetchRegistration, cancelRegistration }) {
  const store = createStore<{ state: ManageState; asking: boolean; busy: boolean; message: string }>({
    state: { name: 'loading' },
    asking: false,
    busy: false,
    message: '',
  });
  const refusal = (error: unknown) => messageFor(error instanceof ApiFailure ? error.error.code : undefined, locale);
  return {
    store,
    /** Reads the registration of the link's fragment (`#<token>`). */
    open: async (hash: string) => {
      const token = tokenFromHash(hash);
      if (!token) {
        store.set({ state: { name: 'no-token' } });
        return;
      }
      try {
        store.set({ state: { name: 'shown', token, view: await deps.fetchRegistration(token) } });
      } catch (error) {
        const unknown = error instanceof ApiFailure && error.status === 404;
        store.set({
          state: {
            name: 'failed',
            message: unknown ? messageFor('registration_not_found', locale) : registrationTexts(locale).manage.unreachable,
          },
        });
      }
    },
    ask: (asking: boolean) => {
      store.set({ asking });
    },
    /** Cancels; true when the registration is now cancelled (the view then announces its new status). */
    cancel: async (): Promise<boolean> => {
      const { state, busy } = store.get();
      if (state.name !== 'shown' || busy) return false;
      store.set({ busy: true, message: '' });
      try {
        const view = await deps.cancelRegistration(state.token);
        store.set({ state: { ...state, view }, asking: false, busy: false });
        return true;
      } catch (error) {
        store.set({ message: refusal(error), busy: false });
        return false;
      }
    },
  };
}

export type ManageModel = ReturnType<typeof createManageModel>;
