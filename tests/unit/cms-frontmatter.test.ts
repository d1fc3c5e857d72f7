import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'yaml';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { editorFormat, isBlank, readFrontmatter, writeFrontmatter, type Fields } from '../../src/cms/frontmatter.ts';
import { SOURCE_FIELD, TRANSLATION_FIELD } from '../../src/cms/names.ts';

const ORDER = [
  'title',
  'summary',
  'call',
  'organisations',
  'district',
  'goal',
  'budget',
  'opensAt',
  'closesAt',
  'cover',
  'video',
  'draft',
  'body',
];

const CAMPAIGN = `---
# Scheda curata dalla redazione: non cambiare il titolo senza avvisare.
title: "Orti condivisi a Marghera"
summary: 'Tre orti per il quartiere.' # breve
call: "2026"
organisations: [filo-verde, orti-aperti]
district: marghera
goal: 3000
budget:
  - item: Semi e piantine
    amount: 1800
  - item: "Attrezzi"
    amount: 1200
opensAt: 2026-12-01T09:00:00+01:00
cover:
  src: ./images/orti.jpg
  alt: "Tre aiuole rialzate in un cortile."
---

Il testo della campagna, con **grassetto**.

Un secondo paragrafo.
`;

/** Edit the data Decap would hold for CAMPAIGN, then compare the saved text line by line with the original. */
function save(original: string, change: (data: Fields) => void): string {
  const data = structuredClone(readFrontmatter(original)) as Fields;
  change(data);
  return writeFrontmatter(original, data, ORDER);
}

/** The lines that differ, as [before, after] pairs, for files of the same number of lines. */
function changedLines(before: string, after: string): [string, string][] {
  const a = before.split('\n');
  const b = after.split('\n');
  expect(b.length).toBe(a.length);
  return a.flatMap((line, index) => (line === b[index] ? [] : [[line, b[index]!] as [string, string]]));
}

describe('saving from the editor changes only what the editor changed', () => {
  it.each([
    { name: 'a campaign with comments, quotes, a flow list and a body', original: CAMPAIGN },
    { name: 'a file with CRLF line ends', original: CAMPAIGN.replaceAll('\n', '\r\n') },
    { name: 'a block scalar followed by a blank line', original: '---\ntitle: T\nnote: |\n  one\n  two\n\nlast: 1\n---\nBody\n' },
    { name: 'a front matter of comments only', original: '---\n# nothing yet\n---\n\nBody\n' },
    { name: 'a file without a blank line before the body', original: '---\ntitle: T\n---\nBody\n' },
  ])('an unchanged save of $name is byte-identical', ({ original }) => {
    expect(save(original, () => undefined)).toBe(original);
  });

  it('every file under content/ saves unchanged byte for byte, and a new title changes one line of it', async () => {
    const files = (await readdir('content', { recursive: true })).filter((file) => file.endsWith('.md'));
    expect(files.length).toBeGreaterThan(30);
    for (const file of files) {
      const original = await readFile(join('content', file), 'utf8');
      expect(
        save(original, () => undefined),
        file,
      ).toBe(original);
      if (typeof readFrontmatter(original)['title'] !== 'string') continue;
      const saved = save(original, (data) => (data['title'] = 'Un titolo nuovo'));
      expect(
        changedLines(original, saved).map(([, line]) => line),
        file,
      ).toEqual([expect.stringMatching(/^title: "?Un titolo nuovo"?$/)]);
    }
  });

  it.each<{ name: string; change: (data: Fields) => void; lines: [string, string][] }>([
    {
      name: 'a double-quoted title stays double-quoted',
      change: (data) => (data['title'] = 'Orti condivisi a Marghera e Mestre'),
      lines: [['title: "Orti condivisi a Marghera"', 'title: "Orti condivisi a Marghera e Mestre"']],
    },
    {
      name: 'a single-quoted summary keeps its quotes and its comment',
      change: (data) => (data['summary'] = 'Quattro orti per il quartiere.'),
      lines: [["summary: 'Tre orti per il quartiere.' # breve", "summary: 'Quattro orti per il quartiere.' # breve"]],
    },
    { name: 'a plain number', change: (data) => (data['goal'] = 3000.5), lines: [['goal: 3000', 'goal: 3000.5']] },
    {
      name: 'a plain value that now needs quotes gets them',
      change: (data) => (data['district'] = 'marghera: sud'),
      lines: [['district: marghera', 'district: "marghera: sud"']],
    },
    {
      name: 'an instant',
      change: (data) => (data['opensAt'] = '2026-12-02T09:00:00+01:00'),
      lines: [['opensAt: 2026-12-01T09:00:00+01:00', 'opensAt: 2026-12-02T09:00:00+01:00']],
    },
    {
      name: 'one amount of a list of budget lines',
      change: (data) => ((data['budget'] as Fields[])[1]!['amount'] = 1200.5),
      lines: [['    amount: 1200', '    amount: 1200.5']],
    },
    {
      name: 'one label of a list of budget lines, in its quotes',
      change: (data) => ((data['budget'] as Fields[])[1]!['item'] = 'Attrezzi da giardino'),
      lines: [['  - item: "Attrezzi"', '  - item: "Attrezzi da giardino"']],
    },
    {
      name: 'a flow list stays a flow list on its line',
      change: (data) => (data['organisations'] = ['filo-verde', 'orti-aperti', 'mestre-insieme']),
      lines: [['organisations: [filo-verde, orti-aperti]', 'organisations: [filo-verde, orti-aperti, mestre-insieme]']],
    },
    {
      name: 'a field of a nested object',
      change: (data) => ((data['cover'] as Fields)['alt'] = 'Tre aiuole rialzate in un cortile di Marghera.'),
      lines: [['  alt: "Tre aiuole rialzate in un cortile."', '  alt: "Tre aiuole rialzate in un cortile di Marghera."']],
    },
  ])('one changed field changes one line: $name', ({ change, lines }) => {
    const saved = save(CAMPAIGN, change);
    expect(changedLines(CAMPAIGN, saved)).toEqual(lines);
    expect(saved).toContain('# Scheda curata dalla redazione');
    expect(saved.endsWith('---\n\nIl testo della campagna, con **grassetto**.\n\nUn secondo paragrafo.\n')).toBe(true);
  });

  it.each<{ name: string; change: (data: Fields) => void; expected: string }>([
    {
      name: 'a new field goes after the field before it in the form',
      change: (data) => (data['closesAt'] = '2027-06-30T18:00:00+02:00'),
      expected: CAMPAIGN.replace(
        'opensAt: 2026-12-01T09:00:00+01:00\n',
        'opensAt: 2026-12-01T09:00:00+01:00\nclosesAt: 2027-06-30T18:00:00+02:00\n',
      ),
    },
    {
      name: 'a new field last in the form is appended',
      change: (data) => (data['draft'] = true),
      expected: CAMPAIGN.replace(
        '  alt: "Tre aiuole rialzate in un cortile."\n',
        '  alt: "Tre aiuole rialzate in un cortile."\ndraft: true\n',
      ),
    },
    {
      name: 'a field no form knows is appended at the end',
      change: (data) => (data['payee'] = 'filo-verde'),
      expected: CAMPAIGN.replace(
        '  alt: "Tre aiuole rialzate in un cortile."\n',
        '  alt: "Tre aiuole rialzate in un cortile."\npayee: filo-verde\n',
      ),
    },
    {
      name: 'a new field of a nested object goes at its end, indented',
      change: (data) => ((data['cover'] as Fields)['credit'] = 'Foto della cooperativa'),
      expected: CAMPAIGN.replace(
        '  alt: "Tre aiuole rialzate in un cortile."\n',
        '  alt: "Tre aiuole rialzate in un cortile."\n  credit: Foto della cooperativa\n',
      ),
    },
    {
      name: 'a new list item is appended in the same style',
      change: (data) => (data['budget'] as Fields[]).push({ item: 'Acqua', amount: 250 }),
      expected: CAMPAIGN.replace('    amount: 1200\n', '    amount: 1200\n  - item: Acqua\n    amount: 250\n'),
    },
    {
      name: 'a removed list item takes its lines with it',
      change: (data) => (data['budget'] as Fields[]).shift(),
      expected: CAMPAIGN.replace('  - item: Semi e piantine\n    amount: 1800\n', ''),
    },
    {
      name: 'a new first list item goes in front, the others keep their lines',
      change: (data) => (data['budget'] as Fields[]).unshift({ item: 'Progetto', amount: 100 }),
      expected: CAMPAIGN.replace('budget:\n', 'budget:\n  - item: Progetto\n    amount: 100\n'),
    },
    {
      name: 'two list items swapped: one keeps its lines, the other moves after it',
      change: (data) => (data['budget'] as Fields[]).reverse(),
      expected: CAMPAIGN.replace(
        '  - item: Semi e piantine\n    amount: 1800\n  - item: "Attrezzi"\n    amount: 1200\n',
        '  - item: "Attrezzi"\n    amount: 1200\n  - item: Semi e piantine\n    amount: 1800\n',
      ),
    },
    {
      name: 'a removed field is removed',
      change: (data) => delete data['call'],
      expected: CAMPAIGN.replace('call: "2026"\n', ''),
    },
    {
      name: 'a field cleared in the form is removed, with the lines of its nested fields',
      change: (data) => (data['cover'] = { src: '', alt: '' }),
      expected: CAMPAIGN.replace('cover:\n  src: ./images/orti.jpg\n  alt: "Tre aiuole rialzate in un cortile."\n', ''),
    },
    {
      name: 'an empty new field is not written',
      change: (data) => Object.assign(data, { video: '', closesAt: undefined, budget2: [] }),
      expected: CAMPAIGN,
    },
    {
      name: 'a changed body changes the body only',
      change: (data) => (data['body'] = 'Un testo nuovo.\n'),
      expected: CAMPAIGN.replace(/---\n\n[\s\S]*$/, '---\n\nUn testo nuovo.\n'),
    },
  ])('$name', ({ change, expected }) => {
    expect(save(CAMPAIGN, change)).toBe(expected);
  });

  it('a multi-line text that changes is written again, alone, as a block; the fields around it keep their bytes', () => {
    const original = '---\ntitle: "T"\nnote: |\n  one\n  two\nlast: [a]\n---\n\nBody\n';
    const saved = save(original, (data) => (data['note'] = 'one\nthree\n'));
    expect(saved).toBe('---\ntitle: "T"\nnote: |\n  one\n  three\nlast: [a]\n---\n\nBody\n');
  });

  it('a list changed from one line to several written in a block list keeps the other lines', () => {
    const original = '---\ntags:\n  - a\n  - b\nafter: x\n---\n';
    expect(save(original, (data) => (data['tags'] = ['a', 'c']))).toBe('---\ntags:\n  - a\n  - c\nafter: x\n---\n');
    expect(save(original, (data) => (data['tags'] = ['a']))).toBe('---\ntags:\n  - a\nafter: x\n---\n');
  });

  it('whatever the change, the saved front matter holds exactly the form data', () => {
    const changes: ((data: Fields) => void)[] = [
      (data) => (data['budget'] = [{ item: 'Tutto', amount: 3000 }]),
      (data) => (data['organisations'] = []),
      (data) => (data['cover'] = 'non più un oggetto'),
      (data) => (data['title'] = 'Due righe\ndi titolo'),
      (data) => ((data['budget'] as Fields[])[0] = { item: 'x', amount: 1, note: { a: [1, 2] } }),
    ];
    for (const change of changes) {
      const data = structuredClone(readFrontmatter(CAMPAIGN)) as Fields;
      change(data);
      const saved = writeFrontmatter(CAMPAIGN, data, ORDER);
      const { body, ...fields } = readFrontmatter(saved);
      const expected = Object.fromEntries(
        Object.entries(data).filter(([key, value]) => key !== 'body' && !(Array.isArray(value) && value.length === 0)),
      );
      expect(fields).toEqual(expected);
      expect(body).toBe(data['body']);
      expect(saved.startsWith('---\n# Scheda curata dalla redazione')).toBe(true);
    }
  });

  it('for any data a form can hold, the saved file reads back as that data (fast-check)', () => {
    const scalar = fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.constantFrom('2026', 'a: b', '- x', '#', "l'1%", 'due\nrighe'));
    const value = fc.oneof(
      scalar,
      fc.array(scalar, { maxLength: 3 }),
      fc.array(fc.dictionary(fc.constantFrom('item', 'amount'), scalar), { maxLength: 3 }),
      fc.dictionary(fc.constantFrom('src', 'alt'), scalar),
    );
    const keys = fc.constantFrom(...ORDER.filter((key) => key !== 'body'), 'extra');
    fc.assert(
      fc.property(fc.dictionary(keys, value), fc.string(), (fields, body) => {
        const saved = writeFrontmatter(CAMPAIGN, { ...fields, body }, ORDER);
        const read = readFrontmatter(saved);
        const strip = (data: unknown): unknown =>
          Array.isArray(data)
            ? data.map(strip)
            : data && typeof data === 'object'
              ? Object.fromEntries(
                  Object.entries(data)
                    .filter(([, inner]) => !isBlank(inner))
                    .map(([key, inner]) => [key, strip(inner)]),
                )
              : data;
        expect(strip({ ...read, body: undefined })).toEqual(strip(fields));
        expect(read.body).toBe(body);
      }),
      { numRuns: 300 },
    );
  });

  it('a new entry is written in the form order, without empty fields, with a blank line before the body', () => {
    const saved = writeFrontmatter(
      undefined,
      { body: 'Testo.\n', goal: 100, title: 'Nuova', video: '', budget: [], draft: false, organisations: ['a'] },
      ORDER,
    );
    expect(saved).toBe('---\ntitle: Nuova\norganisations:\n  - a\ngoal: 100\ndraft: false\n---\n\nTesto.\n');
  });
});

describe('the format registered with Decap', () => {
  it('carries the text it read through the data and writes none of it, nor the form-only fields', () => {
    const format = editorFormat([TRANSLATION_FIELD]);
    const original = '---\ntitle: "Shared bikes"\nbudget:\n  - Ten bikes\n---\n\nWe lend bikes.\n';
    const data = format.fromFile(original);
    expect(data).toMatchObject({ title: 'Shared bikes', budget: ['Ten bikes'], body: 'We lend bikes.\n', [SOURCE_FIELD]: original });
    expect(format.toFile({ ...data, [TRANSLATION_FIELD]: 'biciclette' }, ['title', 'budget', 'body'])).toBe(original);
    const changed = format.toFile({ ...data, [TRANSLATION_FIELD]: 'biciclette', title: 'Shared bicycles' }, ['title', 'budget', 'body']);
    expect(changed).toBe(original.replace('"Shared bikes"', '"Shared bicycles"'));
    expect(parse(changed.split('---')[1]!)).toEqual({ title: 'Shared bicycles', budget: ['Ten bikes'] });
  });

  it('writes a new entry (no text read) from its data alone', () => {
    const format = editorFormat([TRANSLATION_FIELD]);
    expect(format.toFile({ [TRANSLATION_FIELD]: 'x', title: 'T', body: 'B' }, ['title', 'body'])).toBe('---\ntitle: T\n---\n\nB');
  });
});
