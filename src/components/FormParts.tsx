/** Pieces of view the islands' forms share: the summary of errors, a field's error, the privacy consent, the focus. */
import { useEffect } from 'preact/hooks';
import type { ComponentChildren } from 'preact';
import type { FormModel } from './form-store.ts';

/** Moves the focus where the form model asks, after the render that shows why. */
export function useFocusField<N extends string>(form: Pick<FormModel<object, N>, 'takeFocus'>, element: (field: N) => HTMLElement | null) {
  useEffect(() => {
    const field = form.takeFocus();
    if (field !== null) element(field)?.focus();
  });
}

export function ErrorSummary({ title, errors }: { title: string; errors: { field: string; message: string; href: string }[] }) {
  if (errors.length === 0) return null;
  return (
    <div class="donate__summary-errors" data-testid="error-summary">
      <p>
        <strong>{title}</strong>
      </p>
      <ul>
        {errors.map(({ field, message, href }) => (
          <li key={field}>
            <a href={href}>{message}</a>
          </li>
        ))}
      </ul>
    </div>
  );
}

export function FieldError({ id, error }: { id: string; error: string | undefined }) {
  return error ? (
    <p id={`${id}-error`} class="donate__error">
      {error}
    </p>
  ) : null;
}

interface ConsentProps {
  id: string;
  name?: string;
  checked: boolean;
  error: string | undefined;
  onChange: (checked: boolean) => void;
  children: ComponentChildren;
}

/** The privacy consent: a checkbox whose error is announced through aria-describedby. */
export function Consent({ id, name, checked, error, onChange, children }: ConsentProps) {
  return (
    <>
      <label class="donate__check">
        <input
          id={id}
          type="checkbox"
          name={name}
          value={name && '1'}
          checked={checked}
          aria-invalid={Boolean(error)}
          aria-describedby={error ? `${id}-error` : undefined}
          onChange={(e) => onChange(e.currentTarget.checked)}
        />
        {children}
      </label>
      <FieldError id={id} error={error} />
    </>
  );
}
