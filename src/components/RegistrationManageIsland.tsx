/**
 * The page of the private link (/iscrizione/#<token>): the registration's status, the online link once
 * there is a place, and cancelling, which gives the place to the first person waiting.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiFailure, cancelRegistration, fetchRegistration, type RegistrationView } from './api.ts';
import type { Locale } from './i18n.ts';
import { registrationTexts } from './i18n.ts';
import { dateTime, linkByEmail, messageFor, outcomeOf, tokenFromHash } from './registration-model.ts';
import './widgets.css';

type State =
  | { name: 'loading' }
  | { name: 'no-token' }
  | { name: 'failed'; message: string }
  | { name: 'shown'; token: string; view: RegistrationView };

export default function RegistrationManageIsland({ locale = 'it' }: { locale?: Locale }) {
  const t = registrationTexts(locale);
  const [state, setState] = useState<State>({ name: 'loading' });
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState('');
  const cancelling = useRef(false);
  const heading = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    const token = tokenFromHash(window.location.hash);
    if (!token) return setState({ name: 'no-token' });
    fetchRegistration(token).then(
      (view) => setState({ name: 'shown', token, view }),
      (error: unknown) =>
        setState({ name: 'failed', message: error instanceof ApiFailure && error.status === 404 ? messageFor('registration_not_found', locale) : t.manage.unreachable }),
    );
  }, []);

  const cancel = async () => {
    if (state.name !== 'shown' || cancelling.current) return;
    cancelling.current = true;
    setBusy(true);
    setMessage('');
    try {
      const view = await cancelRegistration(state.token);
      setState({ ...state, view });
      setAsking(false);
      heading.current?.focus();
    } catch (error) {
      setMessage(messageFor(error instanceof ApiFailure ? error.error.code : undefined, locale));
    } finally {
      cancelling.current = false;
      setBusy(false);
    }
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
          <a href={eventPage} lang={locale === 'en' && !view.event.titleEn ? 'it' : undefined}>{title}</a>
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
            <button type="button" class="button button--secondary" onClick={() => setAsking(false)} disabled={busy}>
              {t.manage.keep}
            </button>
          </div>
        ) : (
          <button type="button" class="button button--secondary" onClick={() => setAsking(true)}>
            {t.manage.cancel}
          </button>
        ))}
    </div>
  );
}
