/** The donate form's amount: the suggested amounts as radios, and a box for another amount. */
import type { DonateModel } from './donate-store.ts';
import { FieldError } from './FormParts.tsx';
import { euros, texts, type Locale } from './i18n.ts';
import { useStore } from './use-store.ts';

interface Props {
  model: DonateModel;
  /** The id of the box for another amount; the first radio's is `${id}-first`. */
  id: string;
  suggestedCents: readonly number[];
  error: string | undefined;
  locale: Locale;
}

export function DonateAmount({ model, id, suggestedCents, error, locale }: Props) {
  const t = texts(locale).donate;
  const { choice, otherEuros } = useStore(model.form.store).values;
  const describedBy = error ? `${id}-error` : undefined;
  return (
    <fieldset aria-describedby={describedBy}>
      <legend>{t.amount}</legend>
      <div class="donate__amounts">
        {suggestedCents.map((cents, index) => (
          <label key={cents} class="donate__amount">
            <input
              type="radio"
              id={index === 0 ? `${id}-first` : undefined}
              name="amount"
              value={String(cents)}
              checked={choice === cents}
              onChange={() => model.pick(cents)}
            />
            {euros(cents, locale)}
          </label>
        ))}
        <label class="donate__amount">
          <input type="radio" name="amount" value="other" checked={choice === 'other'} onChange={() => model.pick('other')} />
          {t.otherAmount}
        </label>
      </div>
      <div class="donate__field">
        <label for={id}>{t.otherAmountLabel}</label>
        <input
          id={id}
          name="otherEuros"
          type="text"
          inputMode="decimal"
          value={otherEuros}
          aria-invalid={Boolean(error)}
          aria-describedby={describedBy}
          onInput={(e) => model.typeOtherAmount(e.currentTarget.value)}
          onBlur={model.leaveOtherAmount}
        />
      </div>
      <FieldError id={id} error={error} />
    </fieldset>
  );
}
