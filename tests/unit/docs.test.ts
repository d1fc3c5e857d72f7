import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { replaceMarked } from '../../bench/lib/report.ts';

/**
 * The README stays a one-minute read that points into docs/, and the documents point at each other and at the
 * code by relative links that resolve inside the repository: a link to a moved file or a renamed section, or a
 * path on someone's machine, fails here rather than in a reader's browser.
 */
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const README = 'README.md';
const DOCS = readdirSync(join(ROOT, 'docs'))
  .filter((name) => name.endsWith('.md'))
  .map((name) => `docs/${name}`);
const read = (file: string) => readFileSync(join(ROOT, file), 'utf8');

/** Markdown without its fenced code blocks, where a `[x](y)` is text, not a link. */
function prose(markdown: string): string {
  return markdown.replace(/^```[\s\S]*?^```/gm, '');
}

/** Every inline link target, as written. */
function linkTargets(markdown: string): string[] {
  return [...prose(markdown).matchAll(/\[[^\]]*\]\(([^)\s]+)\)/g)].map((match) => match[1]!);
}

/** The anchors GitHub gives a document's headings: lower case, punctuation dropped, spaces as hyphens, repeats numbered. */
function headingAnchors(markdown: string): Set<string> {
  const anchors = new Set<string>();
  for (const match of prose(markdown).matchAll(/^#{1,6}\s+(.+?)\s*#*$/gm)) {
    const base = match[1]!
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, '')
      .replace(/\s/g, '-');
    let anchor = base;
    for (let n = 1; anchors.has(anchor); n++) anchor = `${base}-${n}`;
    anchors.add(anchor);
  }
  return anchors;
}

/** What is wrong with one link of `file`, or null: it must stay inside the repository and find its file and section. */
function brokenLink(file: string, target: string): string | null {
  if (/^(https?:|mailto:)/.test(target)) return null;
  const [path = '', anchor] = target.split('#');
  const resolved = path === '' ? join(ROOT, file) : resolve(ROOT, dirname(file), decodeURIComponent(path));
  const inside = relative(ROOT, resolved);
  if (inside.startsWith('..')) return `${target} leaves the repository`;
  if (!existsSync(resolved)) return `${target}: no such file`;
  if (anchor !== undefined && resolved.endsWith('.md') && !headingAnchors(readFileSync(resolved, 'utf8')).has(anchor)) {
    return `${target}: no heading with the anchor #${anchor}`;
  }
  return null;
}

describe('the README', () => {
  const readme = read(README);

  it('is a one-minute read: at most 120 lines', () => {
    expect(readme.split('\n').length).toBeLessThanOrEqual(120);
  });

  it('names no path outside the repository', () => {
    expect(readme).not.toMatch(/\.\.\//);
    expect(readme).not.toMatch(/\/work\//);
  });

  it('links every document of docs/, and each of those links finds its file', () => {
    const targets = linkTargets(readme);
    const docsLinked = new Set(targets.filter((target) => target.startsWith('docs/')).map((target) => target.split('#')[0]));
    expect([...docsLinked].sort()).toEqual([...DOCS].sort());
    expect(targets.map((target) => brokenLink(README, target)).filter((problem) => problem !== null)).toEqual([]);
  });

  it('holds the budget lines the bench rewrites, between one pair of markers', () => {
    expect(() => replaceMarked(readme, 'budgets', 'figures', README)).not.toThrow();
  });
});

describe('the documents in docs/', () => {
  it.each(DOCS)('%s: every relative link finds its file and section inside the repository', (file) => {
    const problems = linkTargets(read(file))
      .map((target) => brokenLink(file, target))
      .filter((problem) => problem !== null);
    expect(problems).toEqual([]);
  });

  it.each(DOCS)('%s names no path on a particular machine or beside the repository', (file) => {
    const text = read(file);
    expect(text).not.toMatch(/\/work\//);
    expect(text).not.toMatch(/\.\.\/shared/);
  });

  it('docs/performance.md holds the full bench tables between one pair of markers', () => {
    expect(() => replaceMarked(read('docs/performance.md'), 'bench', 'tables', 'docs/performance.md')).not.toThrow();
  });
});

describe('the link checks themselves', () => {
  it('find GitHub anchors, numbering repeated headings', () => {
    const anchors = headingAnchors(
      '# Staff console (/gestione/)\n\n## Receipts (art. 83 D.Lgs. 117/2017)\n\n## Notes\n\n## Notes\n\n```\n# not a heading\n```\n',
    );
    expect([...anchors]).toEqual(['staff-console-gestione', 'receipts-art-83-dlgs-1172017', 'notes', 'notes-1']);
  });

  it('report a link that leaves the repository, a missing file and a missing section', () => {
    expect(brokenLink('docs/api.md', '../../shared/spec/API.md')).toMatch(/leaves the repository/);
    expect(brokenLink('docs/api.md', 'nowhere.md')).toMatch(/no such file/);
    expect(brokenLink('docs/api.md', 'money.md#no-such-section')).toMatch(/no heading/);
    expect(brokenLink('docs/api.md', '../.env.example')).toBeNull();
    expect(brokenLink('docs/api.md', 'https://decapcms.org/')).toBeNull();
  });

  it('ignore links inside code blocks', () => {
    expect(linkTargets('[a](b.md)\n```\n[c](d.md)\n```\n')).toEqual(['b.md']);
  });
});
