/** Islands hydrate when they come into view; a test waits for that, as a donor's eyes do, before it types. */
import type { FrameLocator, Page } from 'playwright-core';

export async function hydrated(scope: Page | FrameLocator, selector: string): Promise<void> {
  await scope.locator(`astro-island:has(${selector})`).first().scrollIntoViewIfNeeded();
  // Astro removes `ssr` from an island once its component has hydrated.
  await scope.locator(`astro-island:not([ssr]):has(${selector})`).first().waitFor({ state: 'attached' });
}
