/**
 * Titillium Web, self-hosted: two files per page, regular and bold. The stylesheet's 600 (navigation,
 * buttons, badges) is drawn with the bold file, declared for the whole 600-700 range, which saves a
 * third download on every page for a difference few readers can see. Each weight is split by
 * unicode-range into the latin file every page needs and the latin-ext one a browser fetches only for
 * a page holding such a letter (ł, ő, ș...). `font-display: optional` with the latin files preloaded:
 * the font is used when it arrives within the first moments, otherwise the page keeps the
 * metric-matched fallback (global.css) and the next page has it from the cache, so text never
 * reflows under the reader: no layout shift.
 */
import latin400 from '@fontsource/titillium-web/files/titillium-web-latin-400-normal.woff2?url';
import latin700 from '@fontsource/titillium-web/files/titillium-web-latin-700-normal.woff2?url';
import ext400 from '@fontsource/titillium-web/files/titillium-web-latin-ext-400-normal.woff2?url';
import ext700 from '@fontsource/titillium-web/files/titillium-web-latin-ext-700-normal.woff2?url';

// The ranges of @fontsource/titillium-web's own latin and latin-ext files.
const LATIN =
  'U+0000-00FF,U+0131,U+0152-0153,U+02BB-02BC,U+02C6,U+02DA,U+02DC,U+0304,U+0308,U+0329,U+2000-206F,U+20AC,U+2122,U+2191,U+2193,U+2212,U+2215,U+FEFF,U+FFFD';
const LATIN_EXT =
  'U+0100-02BA,U+02BD-02C5,U+02C7-02CC,U+02CE-02D7,U+02DD-02FF,U+0304,U+0308,U+0329,U+1D00-1DBF,U+1E00-1E9F,U+1EF2-1EFF,U+2020,U+20A0-20AB,U+20AD-20C0,U+2113,U+2C60-2C7F,U+A720-A7FF';

const face = (weight: string, url: string, range: string) =>
  `@font-face{font-family:'Titillium Web';font-style:normal;font-display:optional;font-weight:${weight};src:url(${url}) format('woff2');unicode-range:${range}}`;

export const fontFaces = [
  face('400', ext400, LATIN_EXT),
  face('400', latin400, LATIN),
  face('600 700', ext700, LATIN_EXT),
  face('600 700', latin700, LATIN),
].join('');

export const preloadedFonts = [latin400, latin700];
