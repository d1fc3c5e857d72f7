/** «Incorpora sul tuo sito»'s model: the code follows each choice, the preview is sized within bounds, copying says how it went. */
import { describe, expect, it } from 'vitest';
import { createEmbedCodeModel, DEFAULT_ACCENT } from '../../src/components/embed-code-store.ts';
import { clampHeight, INITIAL_HEIGHT } from '../../src/components/embed-model.ts';

const model = () =>
  createEmbedCodeModel({
    slug: 'orti',
    siteOrigin: 'https://build.example',
    frameTitles: { it: { progress: 'Avanzamento', donate: 'Dona' }, en: { progress: 'Progress', donate: 'Donate' } },
    locale: 'it',
    copied: 'copiato',
    copyFailed: 'non copiato',
  });

describe('the embed code model', () => {
  it('starts with the progress widget in the page language and the default colour, left out of the code', () => {
    const m = model();
    expect(m.options()).toEqual({
      origin: 'https://build.example',
      slug: 'orti',
      widget: 'progress',
      locale: 'it',
      accent: null,
      title: 'Avanzamento',
    });
    expect(m.store.get().accent).toBe(DEFAULT_ACCENT);
    expect(m.code()).toContain('https://build.example/embed/orti/progress/');
  });

  it('the code follows the page origin, the widget, the language and the colour chosen', () => {
    const m = model();
    m.atOrigin('https://comune.example');
    m.pickWidget('donate');
    m.pickLanguage('en');
    m.pickAccent('#aa0000');
    expect(m.options()).toMatchObject({
      origin: 'https://comune.example',
      widget: 'donate',
      locale: 'en',
      accent: '#aa0000',
      title: 'Donate',
    });
    expect(m.code()).toContain('https://comune.example/embed/orti/donate/?lang=en&amp;accent=aa0000');
    expect(m.code()).toContain('Donate');
  });

  it('a new widget starts the preview at its own height; reported heights are kept within bounds', () => {
    const m = model();
    m.pickWidget('donate');
    expect(m.store.get().previewHeight).toBe(INITIAL_HEIGHT.donate);
    m.resized(1_000_000);
    expect(m.store.get().previewHeight).toBe(clampHeight(1_000_000));
    expect(m.store.get().previewHeight).toBeLessThan(1_000_000);
    m.pickWidget('progress');
    expect(m.store.get().previewHeight).toBe(INITIAL_HEIGHT.progress);
  });

  it('copies the code shown and says so, or says it could not', async () => {
    const m = model();
    const copied: string[] = [];
    await m.copy((text) => {
      copied.push(text);
      return Promise.resolve();
    });
    expect(copied).toEqual([m.code()]);
    expect(m.store.get().copyState).toBe('copiato');
    await m.copy(() => Promise.reject(new Error('denied')));
    expect(m.store.get().copyState).toBe('non copiato');
  });

  it('shows the preview only when asked', () => {
    const m = model();
    expect(m.store.get().showPreview).toBe(false);
    m.showPreview();
    expect(m.store.get().showPreview).toBe(true);
  });
});
