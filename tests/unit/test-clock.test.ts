import { afterEach, describe, expect, it } from 'vitest';
import { createApp } from '../../src/server/app.ts';
import { loadConfig } from '../../src/server/config.ts';
import { buildNow } from '../../src/site/clock.ts';
import { testCatalog } from '../support/app.ts';

describe('CIVIC_TEST_NOW', () => {
  afterEach(() => {
    delete process.env['CIVIC_TEST_NOW'];
  });

  it("starts the server's clock at the instant given, and lets it run", async () => {
    const app = createApp(loadConfig({ CIVIC_TEST_NOW: '2026-12-02T10:00:00Z' }), testCatalog([], []));
    const first = app.now().getTime();
    expect(first - Date.parse('2026-12-02T10:00:00Z')).toBeGreaterThanOrEqual(0);
    expect(first - Date.parse('2026-12-02T10:00:00Z')).toBeLessThan(1_000);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(app.now().getTime()).toBeGreaterThan(first);
  });

  it('leaves the real clock alone when unset', () => {
    const app = createApp(loadConfig({}), testCatalog([], []));
    expect(Math.abs(app.now().getTime() - Date.now())).toBeLessThan(1_000);
  });

  it.each([{ NODE_ENV: 'production' }, { CONTEXT: 'production' }])('is refused in production (%j)', (env) => {
    expect(() => loadConfig({ CIVIC_TEST_NOW: '2026-12-02T10:00:00Z', ...env })).toThrow(/must not be set in production/);
  });

  it('is refused when it is not an instant', () => {
    expect(() => loadConfig({ CIVIC_TEST_NOW: 'tomorrow' })).toThrow(/CIVIC_TEST_NOW/);
  });

  it('fixes the instant the pages are built for', () => {
    process.env['CIVIC_TEST_NOW'] = '2026-12-02T10:00:00.000Z';
    expect(buildNow().toISOString()).toBe('2026-12-02T10:00:00.000Z');
    delete process.env['CIVIC_TEST_NOW'];
    expect(Math.abs(buildNow().getTime() - Date.now())).toBeLessThan(1_000);
  });
});
