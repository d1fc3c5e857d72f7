/**
 * Reads the content files from disk with the collections' schemas, outside Astro, so the catalog
 * the functions use is validated exactly like the pages. Node only: used by the build, never by pages.
 */
import { readdir, readFile, mkdir, writeFile } from 'node:fs/promises';
import { join, relative, extname, basename } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'astro/zod';
import { AggregateContentError, ContentError, buildCatalog, type Catalog, type Entry } from './catalog.ts';
import { callSchema, campaignSchema, organisationSchema } from './schemas.ts';

const CONTENT_FILE = /\.(md|mdx)$/;
const imagePath = z.string().min(1);

function frontmatterOf(source: string, file: string): unknown {
  const match = /^---\r?\n([\s\S]*?)\r?\n---/.exec(source);
  if (!match) throw new AggregateContentError([new ContentError(file, '(frontmatter)', 'the file must start with a --- frontmatter block ---')]);
  try {
    return parseYaml(match[1]!);
  } catch (error) {
    throw new AggregateContentError([new ContentError(file, '(frontmatter)', `not valid YAML: ${(error as Error).message}`)]);
  }
}

export async function loadCollection<S extends z.ZodType>(root: string, collection: string, schema: S): Promise<Entry<z.output<S>>[]> {
  const dir = join(root, 'content', collection);
  const names = (await readdir(dir)).filter((name) => CONTENT_FILE.test(name)).sort();
  const entries: Entry<z.output<S>>[] = [];
  const errors: ContentError[] = [];
  for (const name of names) {
    const file = relative(root, join(dir, name));
    const result = schema.safeParse(frontmatterOf(await readFile(join(dir, name), 'utf8'), file));
    if (result.success) {
      entries.push({ id: basename(name, extname(name)), file, data: result.data });
    } else {
      for (const issue of result.error.issues) {
        errors.push(new ContentError(file, issue.path.join('.') || '(frontmatter)', issue.message));
      }
    }
  }
  if (errors.length > 0) throw new AggregateContentError(errors);
  return entries;
}

export async function loadCatalog(root: string): Promise<Catalog> {
  const [calls, organisations, campaigns] = await Promise.all([
    loadCollection(root, 'calls', callSchema),
    loadCollection(root, 'organisations', organisationSchema(imagePath)),
    loadCollection(root, 'campaigns', campaignSchema(imagePath)),
  ]);
  return buildCatalog({ calls, organisations, campaigns });
}

export const CATALOG_FILE = 'src/generated/catalog.json';

export async function writeCatalog(root: string): Promise<Catalog> {
  const catalog = await loadCatalog(root);
  await mkdir(join(root, 'src/generated'), { recursive: true });
  await writeFile(join(root, CATALOG_FILE), JSON.stringify(catalog, null, 2) + '\n');
  return catalog;
}
