/**
 * The one form model of the islands (donate, registration): the values typed, which fields were left, the
 * errors a person sees (recomputed at each keystroke, shown once a field is left or the form sent), the
 * summary of errors, the field to focus, and the guard that sends a form once however fast it is clicked.
 * Each island's model composes it with its own rules and what it does with a valid form.
 */
import { createStore, type Store } from './store.ts';

export type Errors<N extends string> = Partial<Record<N, string>>;

export interface FormRules<F, N extends string> {
  /** The fields in screen order: the summary lists them so, and focus goes to the first one at fault. */
  order: readonly N[];
  validate(values: F): Errors<N>;
  /** What the alert says while fields are at fault. */
  checkFields: string;
}

export interface FormState<F, N extends string> {
  values: F;
  visited: ReadonlySet<N>;
  submitted: boolean;
  /** Errors the server gave for the values sent; gone at the next change. */
  refused: Errors<N>;
  message: string;
  busy: boolean;
  /** The field the view moves the focus to after its next render. */
  focus: N | null;
}

export interface FormModel<F, N extends string> {
  store: Store<FormState<F, N>>;
  errors: () => Errors<N>;
  /** The errors in screen order, for the summary at the top; empty until the form is sent. */
  summary: () => { field: N; message: string }[];
  /** The alert's text: «check the fields» goes away with the last error. */
  alert: () => string;
  update: (patch: Partial<F>, visit?: N) => void;
  leave: (field: N) => void;
  /** Validates, then sends unless a send is under way; invalid values focus the first field at fault. */
  submit: (send: (values: F) => Promise<void>) => Promise<void>;
  /** A refusal: its message, and the errors of the fields the server named (the first one gets the focus). */
  refuse: (message: string, fields?: Errors<N>) => void;
  /** The view takes the field to focus, once. */
  takeFocus: () => N | null;
}

export function firstAtFault<N extends string>(order: readonly N[], errors: Errors<N>): N | undefined {
  return order.find((field) => errors[field] !== undefined);
}

export function createFormModel<F extends object, N extends string>(
  rules: FormRules<F, N>,
  values: F,
  onChange?: () => void,
): FormModel<F, N> {
  const store = createStore<FormState<F, N>>({
    values,
    visited: new Set(),
    submitted: false,
    refused: {},
    message: '',
    busy: false,
    focus: null,
  });

  const errors = (): Errors<N> => {
    const { values: current, visited, submitted, refused } = store.get();
    const all = rules.validate(current);
    const shown: Errors<N> = { ...refused };
    for (const field of rules.order) if (all[field] !== undefined && (submitted || visited.has(field))) shown[field] = all[field];
    return shown;
  };
  const summary = () => {
    if (!store.get().submitted) return [];
    const found = errors();
    return rules.order.flatMap((field) => {
      const message = found[field];
      return message === undefined ? [] : [{ field, message }];
    });
  };
  const visit = (field: N) => (store.get().visited.has(field) ? store.get().visited : new Set([...store.get().visited, field]));

  return {
    store,
    errors,
    summary,
    alert: () => {
      const { message } = store.get();
      return message === rules.checkFields && summary().length === 0 ? '' : message;
    },
    update: (patch, field) => {
      store.set({ values: { ...store.get().values, ...patch }, refused: {}, ...(field !== undefined && { visited: visit(field) }) });
      onChange?.();
    },
    leave: (field) => {
      if (!store.get().visited.has(field)) store.set({ visited: visit(field) });
    },
    submit: async (send) => {
      // The store changes at once, not at the next render: a second click in the same frame sees `busy`.
      if (store.get().busy) return;
      const invalid = firstAtFault(rules.order, rules.validate(store.get().values));
      if (invalid) {
        store.set({ submitted: true, message: rules.checkFields, focus: invalid });
        return;
      }
      store.set({ submitted: true, busy: true, message: '' });
      try {
        await send(store.get().values);
      } finally {
        store.set({ busy: false });
      }
    },
    refuse: (message, fields = {}) => {
      store.set({ message, refused: fields, focus: firstAtFault(rules.order, fields) ?? null });
    },
    takeFocus: () => {
      const { focus } = store.get();
      if (focus !== null) store.set({ focus: null });
      return focus;
    },
  };
}
