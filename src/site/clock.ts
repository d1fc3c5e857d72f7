/**
 * The instant the static pages are built for: now, or CIVIC_TEST_NOW when a test suite fixes the clock
 * (the end-to-end tests build and serve the site at an instant inside the example content's windows, so
 * they pass on any date). The server refuses CIVIC_TEST_NOW in production (src/server/config.ts).
 */
export function buildNow(): Date {
  const fixed = process.env['CIVIC_TEST_NOW'];
  if (!fixed) return new Date();
  if (process.env['CONTEXT'] === 'production' || process.env['NODE_ENV'] === 'production') {
    throw new Error('CIVIC_TEST_NOW fixes the clock for tests and must not be set for a production build');
  }
  const instant = new Date(fixed);
  if (Number.isNaN(instant.getTime())) throw new Error(`CIVIC_TEST_NOW is not an instant: ${fixed}`);
  return instant;
}
