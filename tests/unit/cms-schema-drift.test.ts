/**
 * The editor's forms (src/cms/config.ts) and the content schemas (src/content/schemas.ts) must describe
 * the same files: same field names, the same fields required, the same kinds (date, money, number, list,
 * choice with the same options, relation). A field added to one and not the other fails here.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'astro/zod';
import { describe, expect, it } from 'vitest';
import { cmsConfig, collections as cmsCollections, TRANSLATION_FIELD, type CmsCollection, type CmsField } from '../../src/cms/config.ts';
import {
  callEnSchema,
  callSchema,
  campaignEnSchema,
  campaignSchema,
  euros,
  infodayEnSchema,
  infodaySchema,
  organisationEnSchema,
  organisationSchema,
  pageEnSchema,
  pageSchema,
  pathEnSchema,
  pathSchema,
  updateEnSchema,
  updateSchema,
} from '../../src/content/schemas.ts';

const image = z.custom<string>((value) => typeof value === 'string');

const schemas: Record<string, z.ZodType> = {
  calls: callSchema,
  organisations: organisationSchema(image),
  campaigns: campaignSchema(image),
  updates: updateSchema,
  infodays: infodaySchema,
  paths: pathSchema,
  pages: pageSchema,
  calls_en: callEnSchema,
  organisations_en: organisationEnSchema,
  campaigns_en: campaignEnSchema,
  updates_en: updateEnSchema,
  infodays_en: infodayEnSchema,
  paths_en: pathEnSchema,
  pages_en: pageEnSchema,
};

/** What a field holds, the same way for both sides. */
type Shape =
  | { kind: 'text' | 'date' | 'number' | 'money' | 'boolean' | 'image' }
  | { kind: 'choice'; options: string[] }
  | { kind: 'list'; of: Shape; min?: number; max?: number }
  | { kind: 'object'; fields: Record<string, Field> };
interface Field {
  required: boolean;
  shape: Shape;
}

interface ZodDef {
  type: string;
  innerType?: z.ZodType;
  in?: z.ZodType;
  element?: z.ZodType;
  entries?: Record<string, string>;
  shape?: Record<string, z.ZodType>;
  checks?: { _zod: { def: { check: string; minimum?: number; maximum?: number } } }[];
}
const defOf = (schema: z.ZodType) => (schema as unknown as { _zod: { def: ZodDef } })._zod.def;

function fromZod(schema: z.ZodType): Field {
  let required = true;
  let current = schema;
  for (;;) {
    const def = defOf(current);
    if (def.type === 'optional' || def.type === 'default') {
      required = false;
      current = def.innerType!;
    } else break;
  }
  return { required, shape: shapeOfZod(current) };
}

function shapeOfZod(schema: z.ZodType): Shape {
  if (schema === image) return { kind: 'image' };
  if (schema === euros) return { kind: 'money' };
  const def = defOf(schema);
  switch (def.type) {
    case 'string':
      return { kind: 'text' };
    case 'date':
      return { kind: 'date' };
    case 'number':
      return { kind: 'number' };
    case 'boolean':
      return { kind: 'boolean' };
    case 'enum':
      return { kind: 'choice', options: Object.values(def.entries!).sort() };
    case 'pipe':
      // A number turned into basis points (shares); money is the `euros` schema itself.
      return shapeOfZod(def.in!);
    case 'array': {
      const checks = (def.checks ?? []).map((check) => check._zod.def);
      const min = checks.find((check) => check.check === 'min_length')?.minimum;
      const max = checks.find((check) => check.check === 'max_length')?.maximum;
      return { kind: 'list', of: shapeOfZod(def.element!), ...(min !== undefined ? { min } : {}), ...(max !== undefined ? { max } : {}) };
    }
    case 'object':
      return { kind: 'object', fields: Object.fromEntries(Object.entries(def.shape!).map(([name, field]) => [name, fromZod(field)])) };
    default:
      throw new Error(`no CMS counterpart known for zod type ${def.type}`);
  }
}

function fromCms(field: CmsField): Field {
  return { required: field.required !== false, shape: shapeOfCms(field) };
}

function shapeOfCms(field: CmsField): Shape {
  const bounds = {
    ...(typeof field['min'] === 'number' ? { min: field['min'] } : {}),
    ...(typeof field['max'] === 'number' ? { max: field['max'] } : {}),
  };
  switch (field.widget) {
    case 'string':
    case 'text':
    case 'markdown':
      return { kind: 'text' };
    case 'datetime':
      return { kind: 'date' };
    case 'number':
      return { kind: 'number' };
    case 'euros':
    case 'goal':
      return { kind: 'money' };
    case 'boolean':
      return { kind: 'boolean' };
    case 'image':
      return { kind: 'image' };
    case 'select':
      return { kind: 'choice', options: (field['options'] as { value: string }[]).map((option) => option.value).sort() };
    case 'relation':
      return field['multiple'] ? { kind: 'list', of: { kind: 'text' }, ...bounds } : { kind: 'text' };
    case 'object':
      return { kind: 'object', fields: fieldsOfCms(field['fields'] as CmsField[]) };
    case 'list': {
      const of = field['fields']
        ? { kind: 'object' as const, fields: fieldsOfCms(field['fields'] as CmsField[]) }
        : field['field']
          ? shapeOfCms(field['field'] as CmsField)
          : { kind: 'text' as const };
      return { kind: 'list', of, ...bounds };
    }
    default:
      throw new Error(`no schema counterpart known for widget ${field.widget} (${field.name})`);
  }
}

/** The body is the Markdown after the front matter; `translationOf` names the file and is never written. */
const fieldsOfCms = (fields: CmsField[]) =>
  Object.fromEntries(
    fields.filter((field) => field.name !== 'body' && field.name !== TRANSLATION_FIELD).map((field) => [field.name, fromCms(field)]),
  );

/** Every difference between the two descriptions of one collection, as readable sentences. */
function differences(path: string, schema: Field, cms: Field): string[] {
  const out: string[] = [];
  if (schema.required !== cms.required)
    out.push(`${path}: required in the ${schema.required ? 'schema' : 'editor'}, optional in the ${schema.required ? 'editor' : 'schema'}`);
  const a = schema.shape;
  const b = cms.shape;
  if (a.kind !== b.kind) return [...out, `${path}: ${a.kind} in the schema, ${b.kind} in the editor`];
  if (a.kind === 'choice' && b.kind === 'choice' && a.options.join() !== b.options.join())
    out.push(`${path}: options ${a.options.join(', ')} in the schema, ${b.options.join(', ')} in the editor`);
  if (a.kind === 'list' && b.kind === 'list') {
    if (a.min !== b.min || a.max !== b.max)
      out.push(`${path}: list length ${a.min ?? 0}..${a.max ?? '∞'} in the schema, ${b.min ?? 0}..${b.max ?? '∞'} in the editor`);
    out.push(...differences(`${path}[]`, { required: true, shape: a.of }, { required: true, shape: b.of }));
  }
  if (a.kind === 'object' && b.kind === 'object') {
    for (const name of new Set([...Object.keys(a.fields), ...Object.keys(b.fields)])) {
      const inSchema = a.fields[name];
      const inCms = b.fields[name];
      if (!inSchema) out.push(`${path}.${name}: in the editor, not in the schema`);
      else if (!inCms) out.push(`${path}.${name}: in the schema, not in the editor`);
      else out.push(...differences(`${path}.${name}`, inSchema, inCms));
    }
  }
  return out;
}

const drift = (collection: CmsCollection) =>
  differences(collection.name, fromZod(schemas[collection.name]!), {
    required: true,
    shape: { kind: 'object', fields: fieldsOfCms(collection.fields) },
  });

describe('the editor and the content schemas', () => {
  it('edit every content collection, Italian and English, and nothing else', () => {
    const source = readFileSync(join(process.cwd(), 'src/content.config.ts'), 'utf8');
    const astroNames = [...source.matchAll(/^\s+(\w+): defineCollection/gm)].map(([, name]) => name!.replace(/En$/, '_en')).sort();
    expect(astroNames).toHaveLength(14);
    expect(cmsCollections.map((collection) => collection.name).sort()).toEqual(astroNames);
    expect(Object.keys(schemas).sort()).toEqual(astroNames);
  });

  it.each(cmsCollections.map((collection) => [collection.name, collection] as const))(
    '%s: same fields, requirements and kinds',
    (_name, collection) => {
      expect(drift(collection)).toEqual([]);
    },
  );

  it('point relations at existing collections, by file name', () => {
    const names = new Set(cmsCollections.map((collection) => collection.name));
    const relations = cmsCollections.flatMap((collection) =>
      collection.fields.filter((field) => field.widget === 'relation' || field.widget === 'translation-of'),
    );
    expect(relations.length).toBeGreaterThanOrEqual(12);
    for (const field of relations) {
      expect(names.has(field['collection'] as string), String(field['collection'])).toBe(true);
      expect(field['value_field']).toBe('{{slug}}');
    }
  });

  it('read and write the files where the site reads them, images where Astro processes them', () => {
    for (const collection of cmsCollections) {
      const italianName = collection.name.replace(/_en$/, '');
      expect(collection.folder).toBe(collection.name.endsWith('_en') ? `content/${italianName}/en` : `content/${italianName}`);
    }
    const campaigns = cmsCollections.find((collection) => collection.name === 'campaigns')!;
    expect([campaigns.media_folder, campaigns.public_folder]).toEqual(['images', './images']);
  });

  it('notices a field missing, a requirement changed and a kind changed', () => {
    const campaigns = cmsCollections.find((collection) => collection.name === 'campaigns')!;
    const broken: CmsCollection = {
      ...campaigns,
      fields: campaigns.fields
        .filter((field) => field.name !== 'district')
        .map((field) =>
          field.name === 'summary' ? { ...field, required: false } : field.name === 'opensAt' ? { ...field, widget: 'string' } : field,
        ),
    };
    expect(drift(broken)).toEqual([
      'campaigns.summary: required in the schema, optional in the editor',
      'campaigns.district: in the schema, not in the editor',
      'campaigns.opensAt: date in the schema, text in the editor',
    ]);
    const extra: CmsCollection = {
      ...campaigns,
      fields: [...campaigns.fields, { name: 'subtitle', label: 'Sottotitolo', widget: 'string' }],
    };
    expect(drift(extra)).toEqual(['campaigns.subtitle: in the editor, not in the schema']);
  });

  it('publish through pull requests on GitHub, and locally through decap-server', () => {
    const config = cmsConfig({ repo: 'comune/crowdfunding', branch: 'main', siteUrl: 'https://example.org' });
    expect(config.backend).toMatchObject({ name: 'github', repo: 'comune/crowdfunding', branch: 'main' });
    expect(config.publish_mode).toBe('editorial_workflow');
    expect(config.local_backend).toBe(true);
  });
});
