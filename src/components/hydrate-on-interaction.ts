/**
 * `client:interaction`: hydrates an island when the reader first interacts with it (pointer, touch,
 * focus or key), not when it scrolls into view, so a form that is read but not used costs no
 * JavaScript. The server-rendered form is live HTML meanwhile; what the reader does before the
 * island's code arrives is kept: each field typed in or ticked is replayed to the island as an
 * input/change event once hydrated (one at a time, so each update sees the previous one), and a
 * submit is held and sent again.
 */
import type { ClientDirective } from 'astro';

const START = ['pointerdown', 'touchstart', 'focusin', 'keydown'] as const;
type Field = HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement;

const nextTask = () => new Promise((resolve) => setTimeout(resolve, 0));

const hydrateOnInteraction: ClientDirective = (load, _options, el) => {
  const touched: Field[] = [];
  let held: HTMLFormElement | null = null;
  const remember = (event: Event) => {
    const field = event.target as Field;
    if (!touched.includes(field)) touched.push(field);
  };
  const hold = (event: Event) => {
    event.preventDefault();
    held = event.target as HTMLFormElement;
  };
  el.addEventListener('input', remember, true);
  el.addEventListener('change', remember, true);
  el.addEventListener('submit', hold, true);

  const hydrateAndReplay = async () => {
    const hydrate = await load();
    await hydrate();
    el.removeEventListener('input', remember, true);
    el.removeEventListener('change', remember, true);
    el.removeEventListener('submit', hold, true);
    await nextTask();
    for (const field of touched) {
      const toggles = field instanceof HTMLInputElement && (field.type === 'checkbox' || field.type === 'radio');
      field.dispatchEvent(new Event(toggles ? 'change' : 'input', { bubbles: true }));
      await nextTask();
    }
    held?.requestSubmit();
  };
  let started = false;
  const start = () => {
    if (started) return;
    started = true;
    for (const name of START) el.removeEventListener(name, start, true);
    void hydrateAndReplay();
  };
  for (const name of START) el.addEventListener(name, start, { capture: true, passive: true });
};

export default hydrateOnInteraction;
