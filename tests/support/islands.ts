/**
 * Islands hydrate when they come into view, or (the donate form, `client:interaction`) when the reader
 * first touches them; a test waits for that, as a donor's eyes and hands do, before it types.
 */
import type { FrameLocator, Page } from 'playwright-core';

export async function hydrated(scope: Page | FrameLocator, selector: string): Promise<void> {
  const island = scope.locator(`astro-island:has(${selector})`).first();
  await island.scrollIntoViewIfNeeded();
  // A reader's first touch: the pointer pressed on the island, which moves no focus.
  if ((await island.getAttribute('client')) === 'interaction' && (await island.getAttribute('ssr')) !== null)
    await island.dispatchEvent('pointerdown');
  // Astro removes `ssr` from an island once its component has hydrated.
  await scope.locator(`astro-island:not([ssr]):has(${selector})`).first().waitFor({ state: 'attached' });
}
