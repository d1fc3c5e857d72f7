/**
 * Markdown files with YAML front matter, written back as the editor changed them and no more.
 *
 * Decap's own format re-renders the whole front matter on every save: quotes, flow lists and comments are lost
 * and a one-word edit shows as a rewritten file in review. Here the saved file is the previous text with edits
 * spliced in where the values differ: an unchanged field keeps its bytes, a changed scalar keeps its quoting, a
 * changed list item or nested field changes only its own lines, a new field goes after the field that precedes
 * it in the form, a cleared field is removed. When a change cannot be spliced safely (a flow collection that no
 * longer fits one line, a block scalar) only that field is re-rendered; and the result is parsed again and must
 * say what the form says, or the whole front matter is written afresh.
 *
 * Pure (text in, text out); src/cms/admin.ts registers editorFormat with Decap.
 */
import {
  Document,
  isMap,
  isNode,
  isScalar,
  isSeq,
  parse,
  parseDocument,
  stringify,
  type Node,
  type Pair,
  type Scalar,
  type YAMLMap,
  type YAMLSeq,
} from 'yaml';

import { SOURCE_FIELD } from './names.ts';

export type Fields = Record<string, unknown>;

interface Parts {
  open: string;
  yaml: string;
  close: string;
  /** The blank line between the front matter and the body, kept as it was. */
  gap: string;
  body: string;
}

interface Edit {
  from: number;
  to: number;
  text: string;
}

const TEXT = { lineWidth: 0 } as const;

function split(content: string): Parts | null {
  const open = /^---[ \t]*\r?\n/.exec(content);
  if (!open) return null;
  const fence = /^---[ \t]*(?:\r?\n|$)/gm;
  fence.lastIndex = open[0].length;
  const close = fence.exec(content);
  if (!close) return null;
  const rest = content.slice(close.index + close[0].length);
  const gap = /^\r?\n/.exec(rest)?.[0] ?? '';
  return { open: open[0], yaml: content.slice(open[0].length, close.index), close: close[0], gap, body: rest.slice(gap.length) };
}

/** The fields and the body (after the blank line that follows the front matter) of a file. */
export function readFrontmatter(content: string): Fields & { body: string } {
  const parts = split(content);
  if (!parts) return { body: content };
  const fields: unknown = parse(parts.yaml);
  return { ...(isPlainObject(fields) ? fields : {}), body: parts.body };
}

/**
 * The file to save: `original` (the text the entry was read from, undefined for a new entry) with `data` (the
 * form's fields and `body`) applied. `order` is the form's field order, where new fields take their place.
 */
export function writeFrontmatter(original: string | undefined, data: Fields, order: readonly string[] = []): string {
  const { body: given, ...fields } = data;
  const body = typeof given === 'string' ? given : '';
  const parts = original === undefined ? null : split(original);
  if (!parts) return `---\n${render(fields, order)}---\n\n${body}`;
  const yaml = edit(parts.yaml, fields, order) ?? render(fields, order);
  const rest = body === parts.body ? parts.gap + parts.body : (parts.gap || '\n') + body;
  return `${parts.open}${yaml}${parts.close}${rest}`;
}

/** A whole front matter, in the form's order, without empty fields. */
/**
 * The format Decap reads and writes entries with. Decap gives a format's toFile the entry's data alone, so
 * fromFile keeps the text it read in the data (SOURCE_FIELD, a name no form has) and toFile takes it out again.
 * `notInFile`: fields of the form that the file does not hold.
 */
export function editorFormat(notInFile: readonly string[]) {
  return {
    fromFile(content: string): Fields {
      return { ...readFrontmatter(content), [SOURCE_FIELD]: content };
    },
    toFile(data: Fields, sortedKeys: string[] = []): string {
      const source = data[SOURCE_FIELD];
      const fields = Object.fromEntries(Object.entries(data).filter(([key]) => key !== SOURCE_FIELD && !notInFile.includes(key)));
      return writeFrontmatter(typeof source === 'string' ? source : undefined, fields, sortedKeys);
    },
  };
}

function render(fields: Fields, order: readonly string[]): string {
  const kept = Object.entries(fields)
    .filter(([, value]) => !isBlank(value))
    .sort(([a], [b]) => rank(order, a) - rank(order, b));
  return kept.length === 0 ? '' : stringify(Object.fromEntries(kept), TEXT);
}

const rank = (order: readonly string[], key: string) => (order.includes(key) ? order.indexOf(key) : order.length);

function edit(yaml: string, fields: Fields, order: readonly string[]): string | null {
  const doc = parseDocument(yaml);
  if (doc.errors.length > 0) return null;
  const before: unknown = doc.toJS();
  let result: string;
  if (doc.contents === null || before === null) {
    // Only comments (or nothing): the fields follow them.
    const added = render(fields, order);
    result = yaml === '' || yaml.endsWith('\n') || added === '' ? yaml + added : `${yaml}\n${added}`;
  } else {
    if (!isMap(doc.contents) || doc.contents.flow || !isPlainObject(before)) return null;
    const edits = editMap(yaml, doc.contents, before, fields, order);
    if (!edits) return null;
    result = apply(yaml, edits);
  }
  // The promise that lets the splicing be clever: the saved file says exactly what the form says.
  const saved: unknown = parse(result);
  return equal(withoutBlanks(saved ?? {}), withoutBlanks(fields)) ? result : null;
}

function apply(text: string, edits: Edit[]): string {
  // From the end, so positions stay valid; at one position a removal goes before what is inserted there.
  const ordered = edits.map((change, index) => ({ ...change, index })).sort((a, b) => b.from - a.from || b.to - a.to || b.index - a.index);
  let result = text;
  for (const { from, to, text: replacement } of ordered) result = result.slice(0, from) + replacement + result.slice(to);
  return result;
}

function editMap(src: string, map: YAMLMap, before: Fields, after: Fields, order: readonly string[] = []): Edit[] | null {
  const pairs = map.items as Pair<Node, Node | null>[];
  const first = pairs[0];
  if (!first || !isScalar(first.key) || !first.key.range) return null;
  const indent = first.key.range[0] - lineStart(src, first.key.range[0]);
  const edits: Edit[] = [];
  const present = new Set<string>();
  for (const pair of pairs) {
    if (!isScalar(pair.key) || !pair.key.range) return null;
    const key = String(pair.key.value);
    present.add(key);
    const was = before[key];
    const now = after[key];
    if (equal(was, now)) continue;
    const start = ownLine(src, pair.key.range[0]);
    if (isBlank(now)) {
      // A field cleared in the form leaves the file.
      if (start === null) return null;
      edits.push({ from: start, to: pairEnd(src, pair), text: '' });
      continue;
    }
    const inner = pair.value ? editValue(src, pair.value, was, now) : null;
    if (inner) edits.push(...inner);
    else if (start === null) return null;
    else edits.push({ from: start, to: pairEnd(src, pair), text: renderPair(key, now, indent) });
  }
  const added = Object.keys(after)
    .filter((key) => !present.has(key) && !isBlank(after[key]))
    .sort((a, b) => rank(order, a) - rank(order, b));
  for (const key of added) {
    const at = insertionPoint(src, pairs, key, order);
    if (at === null) return null;
    edits.push({ from: at, to: at, text: renderPair(key, after[key], indent) });
  }
  return edits;
}

/** After the last field that comes before `key` in the form; at the end when the form does not place it. */
function insertionPoint(src: string, pairs: Pair<Node, Node | null>[], key: string, order: readonly string[]): number | null {
  const last = pairs.at(-1);
  if (!last) return null;
  if (!order.includes(key)) return pairEnd(src, last);
  const previous = pairs.filter((pair) => rank(order, keyOf(pair)) < rank(order, key)).at(-1);
  if (previous) return pairEnd(src, previous);
  const first = pairs[0]?.key.range;
  return first ? ownLine(src, first[0]) : null;
}

const keyOf = (pair: Pair<Node, Node | null>) => (isScalar(pair.key) ? String(pair.key.value) : '');

interface Item {
  node: Node;
  /** Where its line starts (the `- ` is on it). */
  line: number;
  start: number;
  end: number;
  prefix: string;
  column: number;
}

/**
 * Items kept as they were keep their lines, found by a longest common subsequence (lists here are short); the
 * items between two kept ones are edited in place one for one, and what remains is removed or inserted.
 */
function editSeq(src: string, seq: YAMLSeq, before: unknown[], after: unknown[]): Edit[] | null {
  const items: Item[] = [];
  for (const node of seq.items) {
    if (!isNode(node) || !node.range) return null;
    const dash = dashOf(src, node.range[0]);
    if (!dash) return null;
    items.push({ node, line: node.range[0] - dash.prefix.length, start: node.range[0], end: toLineEnd(src, node.range[2]), ...dash });
  }
  if (items.length !== before.length) return null;
  const edits: Edit[] = [];
  let was = 0;
  let now = 0;
  for (const [keptWas, keptNow] of [...commonItems(before, after), [before.length, after.length] as const]) {
    const gone = items.slice(was, keptWas);
    const coming = after.slice(now, keptNow);
    const paired = Math.min(gone.length, coming.length);
    for (const [offset, item] of gone.slice(0, paired).entries()) {
      const inner = editValue(src, item.node, before[was + offset], coming[offset]);
      edits.push(...(inner ?? [{ from: item.start, to: item.end, text: renderItem(coming[offset], item.column) }]));
    }
    for (const item of gone.slice(paired)) edits.push({ from: item.line, to: item.end, text: '' });
    if (coming.length > paired) {
      // After the item before them, or in front of the first item.
      const anchor = items[was + paired - 1];
      const style = anchor ?? items[0];
      if (!style) return null;
      const at = anchor ? anchor.end : style.line;
      for (const value of coming.slice(paired)) edits.push({ from: at, to: at, text: `${style.prefix}${renderItem(value, style.column)}` });
    }
    was = keptWas + 1;
    now = keptNow + 1;
  }
  return edits;
}

/** Index pairs of equal items, in order, as many as can be kept. */
function commonItems(before: unknown[], after: unknown[]): (readonly [number, number])[] {
  const width = after.length + 1;
  const table = new Array<number>((before.length + 1) * width).fill(0);
  const kept = (i: number, j: number) => table[i * width + j] ?? 0;
  for (let i = before.length - 1; i >= 0; i--) {
    for (let j = after.length - 1; j >= 0; j--) {
      table[i * width + j] = equal(before[i], after[j]) ? kept(i + 1, j + 1) + 1 : Math.max(kept(i + 1, j), kept(i, j + 1));
    }
  }
  const pairs: (readonly [number, number])[] = [];
  for (let i = 0, j = 0; i < before.length && j < after.length;) {
    if (equal(before[i], after[j])) pairs.push([i++, j++] as const);
    else if (kept(i + 1, j) >= kept(i, j + 1)) i++;
    else j++;
  }
  return pairs;
}

/** Edits that turn `node` (holding `was`) into `now` in place, or null when its field must be re-rendered. */
function editValue(src: string, node: Node, was: unknown, now: unknown): Edit[] | null {
  if (isMap(node) && !node.flow && isPlainObject(was) && isPlainObject(now)) return editMap(src, node, was, now);
  if (isSeq(node) && !node.flow && Array.isArray(was) && Array.isArray(now) && now.length > 0) return editSeq(src, node, was, now);
  const flowCollection = (isMap(node) || isSeq(node)) && node.flow === true;
  if (!node.range || !(isScalar(node) || flowCollection)) return null;
  const [from, to] = node.range;
  // An empty value (`key:`) or one over several lines (a block scalar, a long quoted string) is re-rendered whole.
  if (from === to || src.slice(from, to).includes('\n')) return null;
  const text = isScalarValue(now) ? renderScalar(now, isScalar(node) ? node.type : undefined) : renderFlow(now);
  return text === null ? null : [{ from, to, text }];
}

/** A scalar in the style it was written in (plain, single or double quotes) when that style can hold it. */
function renderScalar(value: unknown, type: Scalar.Type | undefined): string | null {
  const doc = new Document(value);
  if (type && isScalar(doc.contents)) doc.contents.type = type;
  const text = doc.toString(TEXT).replace(/\n$/, '');
  return text.includes('\n') ? null : text;
}

function renderFlow(value: unknown): string | null {
  const text = stringify(value, { ...TEXT, collectionStyle: 'flow', flowCollectionPadding: false }).replace(/\n$/, '');
  return text.includes('\n') ? null : text;
}

function renderPair(key: string, value: unknown, indent: number): string {
  return indented(stringify({ [key]: value }, TEXT), indent, true);
}

/** An item after its `- `: the first line follows the dash, the others align under it. */
function renderItem(value: unknown, column: number): string {
  return indented(stringify(value, TEXT), column, false);
}

function indented(text: string, indent: number, firstLine: boolean): string {
  const pad = ' '.repeat(indent);
  return text
    .split('\n')
    .map((line, index) => (line === '' || (index === 0 && !firstLine) ? line : pad + line))
    .join('\n');
}

function lineStart(src: string, at: number): number {
  return src.lastIndexOf('\n', at - 1) + 1;
}

/** Where the line holding `at` starts, when nothing but indentation comes before `at` on it. */
function ownLine(src: string, at: number): number | null {
  const start = lineStart(src, at);
  return /^[ \t]*$/.test(src.slice(start, at)) ? start : null;
}

/** The `- ` of a block list item, with the column its content starts at. */
function dashOf(src: string, at: number): { prefix: string; column: number } | null {
  const prefix = src.slice(lineStart(src, at), at);
  return /^ *- +$/.test(prefix) ? { prefix, column: prefix.length } : null;
}

/** The end of a node's last line, past a trailing comment. */
function toLineEnd(src: string, end: number): number {
  if (end > 0 && src[end - 1] === '\n') return end;
  const newline = src.indexOf('\n', end);
  const lineEnd = newline === -1 ? src.length : newline + 1;
  return /^[ \t]*(#.*)?\r?\n?$/.test(src.slice(end, lineEnd)) ? lineEnd : end;
}

function pairEnd(src: string, pair: Pair<Node, Node | null>): number {
  const range = pair.value?.range ?? pair.key.range;
  return range ? toLineEnd(src, range[2]) : src.length;
}

function isPlainObject(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

const isScalarValue = (value: unknown) => value === null || value instanceof Date || typeof value !== 'object';

/** What a form leaves when a field is empty: nothing, an empty text, an empty list, a group of empty fields. */
export function isBlank(value: unknown): boolean {
  if (value === undefined || value === null || value === '') return true;
  if (Array.isArray(value)) return value.length === 0;
  if (isPlainObject(value)) return Object.values(value).every(isBlank);
  return false;
}

function withoutBlanks(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutBlanks);
  if (!isPlainObject(value)) return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([, inner]) => !isBlank(inner))
      .map(([key, inner]) => [key, withoutBlanks(inner)]),
  );
}

function equal(a: unknown, b: unknown): boolean {
  if (a instanceof Date || b instanceof Date)
    return String(a instanceof Date ? a.toISOString() : a) === String(b instanceof Date ? b.toISOString() : b);
  if (Array.isArray(a) || Array.isArray(b))
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((item, index) => equal(item, b[index]));
  if (isPlainObject(a) || isPlainObject(b)) {
    if (!isPlainObject(a) || !isPlainObject(b)) return false;
    return [...new Set([...Object.keys(a), ...Object.keys(b)])].every((key) => equal(a[key], b[key]));
  }
  return Object.is(a, b) || (a === undefined && b === null) || (a === null && b === undefined);
}
