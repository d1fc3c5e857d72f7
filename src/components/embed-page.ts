/**
 * What an embedded page itself runs (embed-frame.ts): the accent colour it accepts and the message that
 * tells the page around it its height. Apart from embed-model.ts, whose snippet and preview code only the
 * «Incorpora» island needs, so that every embed page loads this much and no more.
 */
export const RESIZE_MESSAGE = 'civic-embed:resize';

export interface ResizeMessage {
  type: typeof RESIZE_MESSAGE;
  height: number;
}

/** `#0b5394`, `0b5394` or `#fff`: a hex colour, returned with its `#`; anything else is refused. */
export function parseAccent(value: string | null | undefined): string | null {
  const match = /^#?([0-9a-f]{3}|[0-9a-f]{6})$/i.exec((value ?? '').trim());
  return match ? `#${match[1]!.toLowerCase()}` : null;
}

/** Black or white, whichever reads better on the accent (WCAG relative luminance). */
export function textColourOn(accent: string): '#000' | '#fff' {
  const hex = accent.slice(1);
  const full = hex.length === 3 ? hex.replace(/./g, '$&$&') : hex;
  const channel = (i: number) => {
    const v = parseInt(full.slice(i, i + 2), 16) / 255;
    return v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  };
  const luminance = 0.2126 * channel(0) + 0.7152 * channel(2) + 0.0722 * channel(4);
  // Contrast with white is (1.05)/(L+0.05), with black (L+0.05)/0.05: pick the larger.
  return 1.05 / (luminance + 0.05) >= (luminance + 0.05) / 0.05 ? '#fff' : '#000';
}
