/**
 * Runs in the embed pages: takes the host's accent colour from `?accent=`, and tells the page around
 * it how tall the content is, so the host's iframe fits it. The height is no secret, so any host may hear it.
 */
import { parseAccent, RESIZE_MESSAGE, textColourOn, type ResizeMessage } from './embed-page.ts';

const accent = parseAccent(new URLSearchParams(window.location.search).get('accent'));
if (accent) {
  document.documentElement.style.setProperty('--accent', accent);
  document.documentElement.style.setProperty('--accent-text', textColourOn(accent));
}

if (window.parent !== window) {
  let last = -1;
  const report = () => {
    const height = Math.ceil(document.documentElement.getBoundingClientRect().height);
    if (height === last) return;
    last = height;
    const message: ResizeMessage = { type: RESIZE_MESSAGE, height };
    window.parent.postMessage(message, '*');
  };
  new ResizeObserver(report).observe(document.documentElement);
  report();
}
