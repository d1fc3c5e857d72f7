/**
 * A wrong content file stops the build with a message naming the file and the field. These run the
 * same loader the build runs (loadCatalog) on a small content tree written to a temporary folder.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { loadCatalog } from '../../src/content/load.ts';
import { AggregateContentError } from '../../src/content/catalog.ts';

const CALL = `---
title: "Avviso di prova"
edition: 2030
summary: "Un avviso di prova."
applications: { opensAt: 2030-01-01T09:00:00+01:00, closesAt: 2030-02-01T12:00:00+01:00 }
campaignWindow: { opensAt: 2030-03-01T00:00:00+01:00, closesAt: 2030-12-31T23:59:59+01:00 }
maxProjects: 10
projectCost: { min: 1000, max: 10000 }
threshold: 0.5
cofundingShare: 0.5
maxCofundingPerProject: 5000
pool: 20000
donation: { min: 5, max: 1000 }
fundingModel: keep-it-all
---
Testo.
`;

const ORGANISATION = `---
name: "Associazione di prova"
legalForm: "APS"
---
Testo.
`;

const campaign = (overrides: { budgetSecond?: number; organisation?: string; opensAt?: string; alt?: string } = {}) => `---
title: "Campagna di prova"
summary: "Una campagna di prova."
call: prova
organisations: [${overrides.organisation ?? 'associazione'}]
district: marghera
socialProblem: anziani
goal: 3000
budget:
  - item: "Prima voce"
    amount: 1000
  - item: "Seconda voce"
    amount: ${overrides.budgetSecond ?? 2000}
opensAt: ${overrides.opensAt ?? '2030-03-10T09:00:00+01:00'}
closesAt: 2030-06-30T23:59:59+02:00
cover:
  src: ./images/prova.jpg
${overrides.alt === undefined ? '  alt: "Una foto di prova."' : overrides.alt}
---
Testo.
`;

const CAMPAIGN_EN = (budget: string[]) => `---
title: "Test campaign"
summary: "A test campaign."
coverAlt: "A test picture."
budget: [${budget.map((label) => JSON.stringify(label)).join(', ')}]
---
Text.
`;

let root: string;

async function tree(files: Record<string, string>): Promise<string> {
  root = await mkdtemp(join(tmpdir(), 'content-errors-'));
  const all: Record<string, string> = {
    'content/calls/prova.md': CALL,
    'content/organisations/associazione.md': ORGANISATION,
    'content/campaigns/campagna.md': campaign(),
    ...files,
  };
  for (const [path, text] of Object.entries(all)) {
    await mkdir(dirname(join(root, path)), { recursive: true });
    await writeFile(join(root, path), text);
  }
  return root;
}

async function problems(files: Record<string, string>): Promise<{ file: string; field: string; problem: string }[]> {
  try {
    await loadCatalog(await tree(files));
  } catch (error) {
    expect(error).toBeInstanceOf(AggregateContentError);
    return (error as AggregateContentError).errors.map(({ file, field, problem }) => ({ file, field, problem }));
  }
  return [];
}

afterEach(async () => {
  if (root) await rm(root, { recursive: true, force: true });
});

describe('a broken content file is refused with its file and field named', () => {
  it('accepts the minimal valid tree, with a matching English translation', async () => {
    expect(await problems({ 'content/campaigns/en/campagna.md': CAMPAIGN_EN(['First item', 'Second item']) })).toEqual([]);
  });

  it('budget lines that do not add up to the goal', async () => {
    const [error] = await problems({ 'content/campaigns/campagna.md': campaign({ budgetSecond: 1900 }) });
    expect(error).toMatchObject({ file: 'content/campaigns/campagna.md', field: 'budget' });
    expect(error?.problem).toMatch(/add up to 2\.900,00\s€ but the goal is 3\.000,00\s€/);
  });

  it('an organisation that has no file', async () => {
    const [error] = await problems({ 'content/campaigns/campagna.md': campaign({ organisation: 'sconosciuta' }) });
    expect(error).toMatchObject({ file: 'content/campaigns/campagna.md', field: 'organisations[0]' });
    expect(error?.problem).toMatch(/unknown organisation "sconosciuta"/);
  });

  it.each([
    { taxCode: '12345678901', problem: /last digit does not match/ },
    { taxCode: 'RSSMRA85T10A562T', problem: /last letter does not match/ },
    { taxCode: '1234', problem: /expected an Italian tax code/ },
  ])('an organisation tax code $taxCode that fails its check', async ({ taxCode, problem }) => {
    const [error] = await problems({
      'content/organisations/associazione.md': ORGANISATION.replace('legalForm: "APS"', `legalForm: "APS"\ntaxCode: "${taxCode}"`),
    });
    expect(error).toMatchObject({ file: 'content/organisations/associazione.md', field: 'taxCode' });
    expect(error?.problem).toMatch(problem);
  });

  it('takes the first organisation as payee, and refuses a payee that is not one of the campaign’s organisations', async () => {
    const files = { 'content/organisations/altra.md': ORGANISATION };
    const catalog = await loadCatalog(await tree(files));
    expect(catalog.campaigns['campagna']?.payee).toBe('associazione');
    await rm(root, { recursive: true, force: true });
    const [error] = await problems({
      ...files,
      'content/campaigns/campagna.md': campaign().replace('district: marghera', 'payee: altra\ndistrict: marghera'),
    });
    expect(error).toMatchObject({ file: 'content/campaigns/campagna.md', field: 'payee' });
    expect(error?.problem).toMatch(/"altra" is not one of the campaign's organisations/);
  });

  it('an opening date before the call’s campaign window', async () => {
    const [error] = await problems({ 'content/campaigns/campagna.md': campaign({ opensAt: '2030-02-15T09:00:00+01:00' }) });
    expect(error).toMatchObject({ file: 'content/campaigns/campagna.md', field: 'opensAt' });
    expect(error?.problem).toMatch(/before the call's campaign window opens/);
  });

  it('a cover without alt text', async () => {
    const [error] = await problems({ 'content/campaigns/campagna.md': campaign({ alt: '' }) });
    expect(error).toMatchObject({ file: 'content/campaigns/campagna.md', field: 'cover.alt' });
    expect(error?.problem).toMatch(/alt text is required/);
  });

  it('an English file whose budget labels are not one per Italian budget line', async () => {
    const [error] = await problems({ 'content/campaigns/en/campagna.md': CAMPAIGN_EN(['Only one item']) });
    expect(error).toMatchObject({ file: 'content/campaigns/en/campagna.md', field: 'budget' });
    expect(error?.problem).toMatch(/has 1 item but content\/campaigns\/campagna.md has 2/);
  });

  it('an English file that translates no Italian file', async () => {
    const [error] = await problems({ 'content/campaigns/en/campagnia.md': CAMPAIGN_EN(['First item', 'Second item']) });
    expect(error).toMatchObject({ file: 'content/campaigns/en/campagnia.md', field: '(file name)' });
    expect(error?.problem).toMatch(/no content\/campaigns\/campagnia.md/);
  });

  it('an English file with a field that translation files may not hold', async () => {
    const english = CAMPAIGN_EN(['First item', 'Second item']).replace('title: "Test campaign"', 'title: "Test campaign"\ngoal: 5000');
    const [error] = await problems({ 'content/campaigns/en/campagna.md': english });
    expect(error).toMatchObject({ file: 'content/campaigns/en/campagna.md', field: 'goal' });
  });

  it('a call document pointing at a file that does not exist', async () => {
    const call = CALL.replace(
      'fundingModel: keep-it-all',
      'fundingModel: keep-it-all\ndocuments:\n  - title: "Bando"\n    file: /documenti/bando.pdf',
    );
    const [error] = await problems({ 'content/calls/prova.md': call });
    expect(error).toMatchObject({ file: 'content/calls/prova.md', field: 'documents[0].file' });
    expect(error?.problem).toMatch(/public\/documenti\/bando.pdf does not exist/);
  });

  it('an infoday of an unknown call, and one open to registration without its capacity', async () => {
    const infoday = (call: string, capacity: string) => `---
title: "Infoday"
call: ${call}
summary: "Un incontro."
startsAt: 2030-01-15T17:00:00+01:00
endsAt: 2030-01-15T18:00:00+01:00
mode: online
${capacity}
registrationOpensAt: 2030-01-02T09:00:00+01:00
registrationClosesAt: 2030-01-14T12:00:00+01:00
---
Testo.
`;
    expect(await problems({ 'content/infodays/a.md': infoday('inesistente', 'capacity: 50') })).toEqual([
      expect.objectContaining({ file: 'content/infodays/a.md', field: 'call' }),
    ]);
    expect(await problems({ 'content/infodays/b.md': infoday('prova', '') })).toEqual([
      expect.objectContaining({ file: 'content/infodays/b.md', field: 'capacity' }),
    ]);
  });

  it('reports the problems of several files at once', async () => {
    const found = await problems({
      'content/campaigns/campagna.md': campaign({ budgetSecond: 1900 }),
      'content/campaigns/en/altra.md': CAMPAIGN_EN([]),
    });
    expect(found.map((error) => `${error.file} ${error.field}`).sort()).toEqual([
      'content/campaigns/campagna.md budget',
      'content/campaigns/en/altra.md (file name)',
    ]);
  });
});
