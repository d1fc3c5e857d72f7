/** What a registration ends with: a place or the waiting list, and the private link to keep. */
import { useState } from 'preact/hooks';
import type { RegistrationCreated } from './api.ts';
import { registrationTexts, type Locale } from './i18n.ts';
import { linkByEmail, outcomeOf, privateLink } from './registration-model.ts';

export function RegistrationConfirmation({
  result,
  locale,
  headingRef,
}: {
  result: RegistrationCreated;
  locale: Locale;
  headingRef: { current: HTMLHeadingElement | null };
}) {
  const t = registrationTexts(locale).result;
  const outcome = outcomeOf(result, locale);
  const link = privateLink(window.location.origin, locale, result.token);
  const [copyState, setCopyState] = useState<'idle' | 'copied' | 'failed'>('idle');
  const copy = () =>
    navigator.clipboard.writeText(link).then(
      () => setCopyState('copied'),
      () => setCopyState('failed'),
    );
  return (
    <div class="registration" data-step="done" data-status={result.status}>
      <h3 tabIndex={-1} ref={headingRef}>
        {outcome.heading}
      </h3>
      <p role="status">{outcome.text}</p>
      {linkByEmail(result) && <p>{t.onlineLinkByEmail}</p>}
      <div class="registration__keep">
        <h4>{t.keepTitle}</h4>
        <p>{t.keepText}</p>
        <p class="registration__link">
          <a href={link} data-private-link>
            {link}
          </a>
        </p>
        <button type="button" class="button button--secondary" onClick={copy}>
          {t.copy}
        </button>
        <span role="status">{copyState === 'copied' ? t.copied : copyState === 'failed' ? t.copyFailed : ''}</span>
      </div>
    </div>
  );
}
