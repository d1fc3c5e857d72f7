/** Infodays and paths in the catalog the functions bundle, and the content errors of their registration fields. */
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
historical: true
maxProjects: 10
applications: {}
campaignWindow: {}
projectCost: { max: 10000 }
threshold: 0.5
cofundingShare: 0.5
maxCofundingPerProject: 5000
---
Testo.
`;

const infoday = (fields: string) => `---
title: "Infoday di prova"
call: prova
summary: "Un incontro."
startsAt: 2030-01-15T17:00:00+01:00
endsAt: 2030-01-15T18:30:00+01:00
capacity: 50
registrationOpensAt: 2030-01-02T09:00:00+01:00
registrationClosesAt: 2030-01-14T12:00:00+01:00
${fields}
---
Testo.
`;

const path = (fields: string) => `---
title: "Percorso di prova"
call: prova
summary: "Due incontri."
sessions:
  - date: 2030-03-28T17:30:00+01:00
    endsAt: 2030-03-28T19:00:00+01:00
    topic: "Primo"
    trainer: "Formatrice"
  - date: 2030-04-04T17:30:00+02:00
    topic: "Secondo"
    trainer: "Formatore"
${fields}
---
Testo.
`;

let root: string | undefined;

async function load(files: Record<string, string>) {
  root = await mkdtemp(join(tmpdir(), 'registration-content-'));
  for (const [file, text] of Object.entries({ 'content/calls/prova.md': CALL, ...files })) {
    await mkdir(dirname(join(root, file)), { recursive: true });
    await writeFile(join(root, file), text);
  }
  return loadCatalog(root);
}

async function problems(files: Record<string, string>): Promise<string[]> {
  try {
    await load(files);
  } catch (error) {
    expect(error).toBeInstanceOf(AggregateContentError);
    return (error as AggregateContentError).errors.map(({ file, field }) => `${file} ${field}`).sort();
  }
  return [];
}

afterEach(async () => {
  if (root) await rm(root, { recursive: true, force: true });
  root = undefined;
});

describe('the catalog of infodays and paths', () => {
  it('carries each event with its window, capacity, place and the online link only the functions may reveal', async () => {
    const catalog = await load({
      'content/infodays/webinar.md': infoday('mode: online\nonlineLink: https://meet.example.org/prova'),
      'content/infodays/en/webinar.md': '---\ntitle: "Test infoday"\nsummary: "A meeting."\n---\nText.\n',
      'content/paths/percorso.md': path(
        'place: { name: "Centro", address: "Via 1, Mestre" }\ncapacity: 12\nregistrationOpensAt: 2030-03-01T09:00:00+01:00\nregistrationClosesAt: 2030-03-27T12:00:00+01:00',
      ),
    });
    expect(catalog.infodays['webinar']).toEqual({
      slug: 'webinar',
      kind: 'infoday',
      call: 'prova',
      title: 'Infoday di prova',
      titleEn: 'Test infoday',
      startsAt: '2030-01-15T16:00:00.000Z',
      endsAt: '2030-01-15T17:30:00.000Z',
      mode: 'online',
      place: null,
      onlineLink: 'https://meet.example.org/prova',
      registration: { capacity: 50, opensAt: '2030-01-02T08:00:00.000Z', closesAt: '2030-01-14T11:00:00.000Z' },
    });
    expect(catalog.paths['percorso']).toMatchObject({
      kind: 'path',
      startsAt: '2030-03-28T16:30:00.000Z',
      // The second session has no end: the path's end is unknown.
      endsAt: null,
      mode: 'in-person',
      place: { name: 'Centro', address: 'Via 1, Mestre' },
      registration: { capacity: 12, opensAt: '2030-03-01T08:00:00.000Z', closesAt: '2030-03-27T11:00:00.000Z' },
    });
  });

  it('a path without capacity and window takes no registration', async () => {
    const catalog = await load({ 'content/paths/percorso.md': path('') });
    expect(catalog.paths['percorso']).toMatchObject({ registration: null, mode: null, onlineLink: null });
  });
});

describe('registration fields refused with file and field named', () => {
  it('an online link on an in-person infoday', async () => {
    expect(
      await problems({
        'content/infodays/a.md': infoday(
          'mode: in-person\nplace: { name: "Centro", address: "Via 1" }\nonlineLink: https://meet.example.org/x',
        ),
      }),
    ).toEqual(['content/infodays/a.md onlineLink']);
  });

  it('an online link that is not an address', async () => {
    expect(await problems({ 'content/infodays/a.md': infoday('mode: online\nonlineLink: riunione del lunedì') })).toEqual([
      'content/infodays/a.md onlineLink',
    ]);
  });

  it('a path with places but no registration window', async () => {
    expect(await problems({ 'content/paths/p.md': path('capacity: 10') })).toEqual([
      'content/paths/p.md registrationClosesAt',
      'content/paths/p.md registrationOpensAt',
    ]);
  });

  it('a path whose registration closes after its first session starts', async () => {
    expect(
      await problems({
        'content/paths/p.md': path(
          'capacity: 10\nregistrationOpensAt: 2030-03-01T09:00:00+01:00\nregistrationClosesAt: 2030-03-29T12:00:00+01:00',
        ),
      }),
    ).toEqual(['content/paths/p.md registrationClosesAt']);
  });

  it('a session that ends before it starts', async () => {
    expect(
      await problems({ 'content/paths/p.md': path('').replace('endsAt: 2030-03-28T19:00:00+01:00', 'endsAt: 2030-03-28T16:00:00+01:00') }),
    ).toEqual(['content/paths/p.md sessions.0.endsAt']);
  });
});
