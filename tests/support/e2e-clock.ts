/**
 * The instant the end-to-end suite runs at, whatever today's date: the site is built for it
 * (CIVIC_TEST_NOW), the server's clock starts from it, and every browser context's clock starts from it.
 * Inside the example content's windows: the example campaigns collect, the first example infoday and the
 * path take registrations, and one campaign has not opened yet.
 */
export const E2E_NOW = '2026-12-02T10:00:00.000Z';
