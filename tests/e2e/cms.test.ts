/**
 * The content editor at /admin, driven in Chromium as an editor would, against decap-server (the local
 * backend of `npm run cms`) writing into a TEMPORARY copy of the project: the repository's content/ is
 * never touched. The admin page is served by the e2e site (the local server, with netlify.toml's headers), so
 * the editor runs under its real Content-Security-Policy; the test routes its local-backend calls to the
 * decap-server it started. After saving, the copy is built with `astro build` to check the new pages.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { access, cp, mkdtemp, readFile, readdir, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { freePort } from '../../scripts/lib/postgres.ts';
import { loadCatalog } from '../../src/content/load.ts';
import { launchBrowser } from '../support/browser.ts';

const siteUrl = inject('siteUrl');
const root = process.cwd();
const SLUG = 'biciclette-condivise-a-marghera';
const TITLE = 'Biciclette condivise a Marghera';
const EN_TITLE = 'Shared bikes in Marghera';
const UPLOADED = 'biciclette-marghera.jpg';

let project: string;
let backend: ChildProcess;
let backendUrl: string;
let browser: Browser;
const violations: string[] = [];

async function waitForBackend(url: string) {
  for (let attempt = 0; attempt < 100; attempt++) {
    const answer = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"action":"info"}' }).catch(
      () => null,
    );
    if (answer?.ok) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`decap-server did not answer at ${url}`);
}

beforeAll(async () => {
  // A project copy the editor may write into and Astro may build: sources copied, dependencies linked.
  project = await mkdtemp(join(tmpdir(), 'civic-cms-'));
  for (const entry of ['content', 'src', 'astro.config.mjs', 'package.json', 'tsconfig.json']) {
    await cp(join(root, entry), join(project, entry), { recursive: true, filter: (source) => !source.includes('/src/generated') });
  }
  await cp(join(root, 'public'), join(project, 'public'), {
    recursive: true,
    filter: (source) => !source.startsWith(join(root, 'public/admin')),
  });
  await symlink(join(root, 'node_modules'), join(project, 'node_modules'), 'dir');
  // A photo of its own: Astro names an output image after the first source with the same bytes.
  const photo = await readFile(join(root, 'content/campaigns/images/ondew.jpg'));
  await writeFile(join(project, UPLOADED), Buffer.concat([photo, Buffer.from(UPLOADED)]));

  const port = await freePort();
  backendUrl = `http://127.0.0.1:${port}/api/v1`;
  backend = spawn('node', [join(root, 'node_modules/decap-server/dist/index.js')], {
    env: { ...process.env, PORT: String(port), BIND_HOST: '127.0.0.1', GIT_REPO_DIRECTORY: project, MODE: 'fs', LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  await waitForBackend(backendUrl);
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  backend?.kill();
  if (project) await rm(project, { recursive: true, force: true });
});

/** The editor as served by the site, with its local backend reached through the page's own origin. */
async function openEditor(): Promise<{ page: Page; close: () => Promise<void> }> {
  const context = await browser.newContext({ locale: 'it-IT', timezoneId: 'Europe/Rome' });
  const page = await context.newPage();
  page.on('console', (message) => {
    if (/Content.Security.Policy|Refused to/i.test(message.text())) violations.push(message.text());
  });
  await page.route('**/admin/config.yml', async (route) => {
    const served = await route.fetch();
    const config = parseYaml(await served.text()) as Record<string, unknown>;
    config['local_backend'] = { url: `${siteUrl}/admin/local-api/v1` };
    await route.fulfill({ response: served, body: stringifyYaml(config) });
  });
  await page.route('**/admin/local-api/v1', async (route) => route.fulfill({ response: await route.fetch({ url: backendUrl }) }));
  await page.goto(`${siteUrl}/admin/`);
  // The local backend asks for no account: its login button goes straight in.
  const login = page.getByRole('button', { name: /accedi|login/i });
  await login
    .or(page.getByText('Campagne', { exact: true }).first())
    .first()
    .waitFor();
  if (await login.isVisible()) await login.click();
  // The editor polls its backend: a request still routed when the context closes must not fail the run.
  const close = async () => {
    await page.unrouteAll({ behavior: 'ignoreErrors' });
    await context.close();
  };
  return { page, close };
}

async function choose(page: Page, label: string | RegExp, typed: string, option: RegExp) {
  await page.getByLabel(label, { exact: true }).fill(typed);
  await page.getByRole('option', { name: option }).first().click();
}

async function publish(page: Page) {
  await page.getByRole('button', { name: 'Pubblica', exact: true }).click();
  await page.getByText('Pubblica ora', { exact: true }).click();
}

/** Saved, not merely written: Decap has moved to the entry's address and has no unsaved changes left. */
async function published(page: Page, collection: string, slug: string) {
  await page.waitForURL(new RegExp(`#/collections/${collection}/entries/${slug}$`));
  await page.getByText('Modifiche salvate', { exact: true }).waitFor();
}

async function exists(path: string) {
  return access(path).then(
    () => true,
    () => false,
  );
}

describe('the content editor', () => {
  it('is not indexed and runs under its own, narrower policy', async () => {
    const response = await fetch(`${siteUrl}/admin/`);
    const html = await response.text();
    expect(html).toMatch(/<meta name="robots" content="noindex, nofollow">/);
    expect(html).toMatch(/<script src="\/admin\/cms\.js" defer><\/script>/);
    const policy = response.headers.get('content-security-policy') ?? '';
    expect(policy).toMatch(/frame-ancestors 'none'/);
    expect(policy).not.toMatch(/https?:\/\//);
    expect(response.headers.get('x-frame-options')).toBe('DENY');
    // The public pages keep theirs.
    expect((await fetch(`${siteUrl}/`)).headers.get('content-security-policy')).not.toMatch(/'unsafe-eval'/);
  });

  it('lets an editor create a campaign with an image, two budget lines and its English text; the build publishes both pages', async () => {
    const { page, close } = await openEditor();
    await page.goto(`${siteUrl}/admin/#/collections/campaigns/new`);
    await page.getByLabel('Titolo', { exact: true }).fill(TITLE);
    await page
      .getByLabel('Sommario', { exact: true })
      .fill('Dieci biciclette da prestare ai vicini di Marghera, con una piccola officina per ripararle insieme.');
    await choose(page, 'Avviso', 'esempio 2026', /Edizione di esempio 2026/);
    await choose(page, 'Organizzazioni proponenti', 'Filo Verde', /Filo Verde/);
    await choose(page, 'Quartiere', 'Marghera', /^Marghera$/);
    await choose(page, 'Problema sociale', 'Spazi', /Spazi pubblici/);
    await page.getByLabel('Obiettivo', { exact: false }).first().fill('3000');

    await page.getByRole('button', { name: /Aggiungi voci di spesa/ }).click();
    await page.getByLabel('Voce', { exact: true }).nth(0).fill('Dieci biciclette usate e revisionate');
    await page.getByLabel('Importo', { exact: true }).nth(0).fill('1800');
    await page.getByRole('button', { name: /Aggiungi voci di spesa/ }).click();
    await page.getByLabel('Voce', { exact: true }).nth(1).fill('Attrezzi per l’officina');
    await page.getByLabel('Importo', { exact: true }).nth(1).fill('1200.50');
    await page.getByLabel('Obiettivo', { exact: false }).first().fill('3000.5');
    // The sum is shown under the goal while the editor types.
    await expect
      .poll(() => page.getByText(/Somma delle voci di spesa \(2 voci\): 3\.?000,50\s€, uguale all'obiettivo/).count())
      .toBeGreaterThan(0);

    await page.getByLabel('Apertura', { exact: true }).fill('2026-12-01T09:00');
    await page.getByLabel('Chiusura', { exact: false }).first().fill('2027-06-30T18:00');

    await page.getByRole('button', { name: "Scegli un'immagine" }).click();
    await page.locator('input[type="file"]').setInputFiles(join(project, UPLOADED));
    await page.getByRole('button', { name: 'Prendi selezionato' }).click();
    await page
      .getByLabel('Testo alternativo', { exact: true })
      .first()
      .fill('Una fila di biciclette colorate davanti a un capannone di Marghera.');

    await page
      .getByRole('textbox', { name: /Descrizione/ })
      .or(page.locator('[data-slate-editor="true"]'))
      .first()
      .click();
    await page.keyboard.type('Prestiamo biciclette ai vicini e insegniamo a ripararle.');

    // The preview uses the site's stylesheet.
    const preview = page.frameLocator('#preview-pane');
    await expect.poll(() => preview.locator('h1').textContent()).toBe(TITLE);
    expect(
      await page
        .locator('#preview-pane')
        .evaluate((frame) => (frame as HTMLIFrameElement).contentDocument?.querySelector('link[href="/admin/preview.css"]') !== null),
    ).toBe(true);

    await publish(page);
    await published(page, 'campaigns', SLUG);
    const italianFile = join(project, 'content/campaigns', `${SLUG}.md`);
    await expect.poll(() => exists(italianFile), { timeout: 15_000 }).toBe(true);
    expect(await exists(join(project, 'content/campaigns/images', UPLOADED))).toBe(true);
    const italian = await readFile(italianFile, 'utf8');
    expect(italian).toContain('src: ./images/biciclette-marghera.jpg');
    expect(italian).toMatch(/goal: 3000\.5\b/);
    expect(italian).toMatch(/amount: 1200\.5\b/);
    expect(italian).toMatch(/opensAt: .?2026-12-01T09:00:00\+01:00/);
    expect(italian).toMatch(/organisations:\n\s+- esempio-cooperativa-filo-verde/);

    // The English translation, chosen by its Italian entry, with the budget labels in the Italian order.
    await page.goto(`${siteUrl}/admin/#/collections/campaigns_en/new`);
    await choose(page, /^Voce italiana che traduci/, 'Biciclette', /Biciclette condivise/);
    await page.getByLabel('Title', { exact: true }).fill(EN_TITLE);
    await page
      .getByLabel('Summary', { exact: true })
      .fill('Ten bikes lent to the neighbours of Marghera, with a small workshop to repair them together.');
    await page.getByLabel('Cover alt text', { exact: true }).fill('A row of colourful bicycles in front of a shed in Marghera.');
    await page.getByRole('button', { name: /Aggiungi budget lines/i }).click();
    await page.getByRole('button', { name: /Aggiungi budget lines/i }).click();
    const lines = page.locator('[id^="budget-field"] input, input[id^="value-field"]');
    await lines.nth(0).fill('Ten second-hand bicycles, serviced');
    await lines.nth(1).fill('Tools for the workshop');
    await page.locator('[data-slate-editor="true"]').first().click();
    await page.keyboard.type('We lend bicycles to the neighbours and teach how to repair them.');
    // Side by side: the preview shows the Italian text next to the English one.
    await expect.poll(() => page.frameLocator('#preview-pane').locator('td[lang="it"]').first().textContent()).toBe(TITLE);
    await publish(page);
    await published(page, 'campaigns_en', SLUG);

    const englishFile = join(project, 'content/campaigns/en', `${SLUG}.md`);
    await expect.poll(() => exists(englishFile), { timeout: 15_000 }).toBe(true);
    const english = await readFile(englishFile, 'utf8');
    expect(english).not.toContain('translationOf');
    expect(english).toMatch(/budget:\n\s+- Ten second-hand bicycles, serviced\n\s+- Tools for the workshop/);
    expect(violations).toEqual([]);
    await close();

    // The files pass every check of the build, then the build makes both pages with the processed image.
    const catalog = await loadCatalog(project);
    expect(catalog.campaigns[SLUG]).toMatchObject({ goalCents: 300050, organisations: ['esempio-cooperativa-filo-verde'] });
    const build = spawn('npx', ['astro', 'build', '--silent'], {
      cwd: project,
      env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let errors = '';
    build.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => build.on('exit', resolve));
    expect(code, errors).toBe(0);
    const page_it = await readFile(join(project, 'dist/campagne', SLUG, 'index.html'), 'utf8');
    expect(page_it).toContain(TITLE);
    expect(page_it).toContain('Attrezzi per l’officina');
    // The cover is copied into the build and resized on request (Netlify's Image CDN, or the local server's stand-in).
    const cover = /<img[^>]+src="\/\.netlify\/images\?url=%2F_astro%2F(biciclette-marghera\.[^"&]+\.jpg)&amp;w=\d+&amp;fm=webp"[^>]*>/.exec(
      page_it,
    );
    expect(cover, 'the cover image of the new campaign').not.toBeNull();
    expect((await stat(join(project, 'dist/_astro', cover![1]!))).size).toBeGreaterThan(1_000);
    expect(page_it).toContain('alt="Una fila di biciclette colorate davanti a un capannone di Marghera."');
    const page_en = await readFile(join(project, 'dist/en/campagne', SLUG, 'index.html'), 'utf8');
    expect(page_en).toContain(EN_TITLE);
    expect(page_en).toContain('Tools for the workshop');
  }, 240_000);

  it('saves an edit to an existing campaign as that edit only: the rest of the file keeps its bytes', async () => {
    const slug = 'esempio-orti-condivisi-marghera';
    const file = join(project, 'content/campaigns', `${slug}.md`);
    const before = await readFile(file, 'utf8');
    // What Decap's own format would have rewritten: quotes, flow lists, the body after the front matter.
    expect(before).toMatch(/^title: "Orti condivisi a Marghera"$/m);
    expect(before).toMatch(/^suggestedAmounts: \[10, 25, 50, 100\]$/m);
    const { page, close } = await openEditor();
    await page.goto(`${siteUrl}/admin/#/collections/campaigns/entries/${slug}`);
    const summary = page.getByLabel('Sommario', { exact: true });
    await expect.poll(() => summary.inputValue(), { timeout: 20_000 }).toMatch(/^Un orto di quartiere/);
    await summary.fill('Un orto di quartiere con cassoni rialzati, aperto a tutti i vicini.');
    await page.getByLabel('Testo alternativo', { exact: true }).first().fill('Illustrazione: cassoni da orto con piantine verdi.');
    await publish(page);
    await page.getByText('Modifiche salvate', { exact: true }).waitFor();
    await expect.poll(() => readFile(file, 'utf8'), { timeout: 15_000 }).not.toBe(before);

    const after = await readFile(file, 'utf8');
    const lines = { before: before.split('\n'), after: after.split('\n') };
    expect(lines.after.length).toBe(lines.before.length);
    const changed = lines.before.flatMap((line, index) => (line === lines.after[index] ? [] : [[line, lines.after[index]]]));
    expect(changed).toEqual([
      [
        expect.stringMatching(/^summary: "Un orto di quartiere con cassoni rialzati, aperto a famiglie/),
        'summary: "Un orto di quartiere con cassoni rialzati, aperto a tutti i vicini."',
      ],
      [expect.stringMatching(/^ {2}alt: "Illustrazione: file di cassoni/), '  alt: "Illustrazione: cassoni da orto con piantine verdi."'],
    ]);
    expect(after).not.toContain('__source');
    expect(violations).toEqual([]);
    await close();
  });

  it('refuses to save a campaign without a required field, and says which', async () => {
    const { page, close } = await openEditor();
    await page.goto(`${siteUrl}/admin/#/collections/campaigns/new`);
    await page.getByLabel('Titolo', { exact: true }).fill('Campagna senza sommario');
    const before = await readdir(join(project, 'content/campaigns'));
    await publish(page);
    await expect.poll(() => page.getByText('Sommario è richiesto.').count()).toBeGreaterThan(0);
    await expect.poll(() => page.getByText(/hai saltato un campo obbligatorio/).count()).toBeGreaterThan(0);
    expect(await readdir(join(project, 'content/campaigns'))).toEqual(before);
    await close();
  });
});

describe('the public pages', () => {
  it('load none of the editor: no page but /admin/ links its script or stylesheet', async () => {
    const dist = join(root, 'dist');
    const pages = (await readdir(dist, { recursive: true })).filter((file) => file.endsWith('.html'));
    expect(pages.length).toBeGreaterThan(50);
    const offenders: string[] = [];
    for (const file of pages) {
      if (file === join('admin', 'index.html')) continue;
      const html = await readFile(join(dist, file), 'utf8');
      const sources = [...html.matchAll(/<(?:script|link)\b[^>]*\b(?:src|href)="([^"]+)"/g)].map(([, source]) => source!);
      if (sources.some((source) => /\/admin\/|decap|cms\.js/i.test(source))) offenders.push(file);
    }
    expect(offenders).toEqual([]);
    // Nor does the site's own JavaScript bundle any of it.
    const astroDir = join(dist, '_astro');
    for (const file of (await readdir(astroDir)).filter((name) => name.endsWith('.js'))) {
      const source = await readFile(join(astroDir, file), 'utf8');
      expect.soft(/decap-cms|DecapCmsApp|react-dom/.test(source), file).toBe(false);
    }
  });
});
