/**
 * The page of the private link (/iscrizione/#<token>): the registration's status, the online link once
 * there is a place, and cancelling, which gives the place to the first person waiting.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { Locale } from './i18n.ts';
import { registrationTexts } from './i18n.ts';
import { createManageModel } from './registration-manage-store.ts';
import { dateTime, linkByEmail, outcomeOf } from './registration-model.ts';
import { useStore } from './use-store.ts';
import './widgets.css';

export default function RegistrationManageIsland({ locale = 'it' }: { locale?: Locale }) {
  const t = registrationTexts(locale);
  const [model] = useState(() => createManageModel(locale));
  const { state, asking, busy, message } = useStore(model.store);
  const heading = useRef<HTMLHeadingElement>(null);

  useEffect(() => void model.open(window.location.hash), [model]);

  const cancel = async () => {
    if (await model.cancel()) heading.current?.focus();
  };

  if (state.name === 'loading') return <p role="status">{t.manage.loading}</p>;
  if (state.name === 'no-token') return <p>{t.manage.noToken}</p>;
  if (state.name === 'failed') return <p role="alert">{state.message}</p>;

  const { view } = state;
  const outcome = outcomeOf(view, locale);
  const title = (locale === 'en' && view.event.titleEn) || view.event.title;
  const eventPage = `${locale === 'en' ? '/en' : ''}/${view.event.kind === 'path' ? 'percorsi' : 'infoday'}/${view.event.slug}/`;
  return (
    <div class="registration" data-status={view.status}>
      <h2 tabIndex={-1} ref={heading}>
        {outcome.heading}
      </h2>
      <p role="status">{outcome.text}</p>
      <dl>
        <dt>{t.manage.event}</dt>
        <dd>
          <a href={eventPage} lang={locale === 'en' && !view.event.titleEn ? 'it' : undefined}>
            {title}
          </a>
        </dd>
        <dt>{t.manage.when}</dt>
        <dd>
          <time datetime={view.event.startsAt}>{dateTime(view.event.startsAt, locale)}</time>
        </dd>
        <dt>{t.manage.status}</dt>
        <dd>{t.manage.statusNames[view.status]}</dd>
        {view.position !== null && (
          <>
            <dt>{t.manage.position}</dt>
            <dd>{view.position}</dd>
          </>
        )}
      </dl>
      {linkByEmail(view) && <p>{t.result.onlineLinkByEmail}</p>}
      <p role="alert" class="donate__message">
        {message}
      </p>
      {view.status !== 'cancelled' &&
        (asking ? (
          <div>
            <p>{t.manage.confirmCancel}</p>
            <button type="button" class="button" onClick={cancel} disabled={busy} aria-busy={busy}>
              {busy ? t.manage.cancelling : t.manage.yesCancel}
            </button>
            <button type="button" class="button button--secondary" onClick={() => model.ask(false)} disabled={busy}>
              {t.manage.keep}
            </button>
          </div>
        ) : (
          <button type="button" class="button button--secondary" onClick={() => model.ask(true)}>
            {t.manage.cancel}
          </button>
        ))}
    </div>
  );
}
