/**
 * netlify.toml's [[headers]] and [[redirects]], applied the way Netlify applies them, so that the
 * self-hosted server (scripts/lib/serve.ts) sends what Netlify sends. Pure: it takes the parsed TOML.
 *
 * Supported, because this project uses it: header rules with `*` and `:placeholder` in `for` (later rules
 * override the same header of earlier ones); redirect rules with `:placeholder` and a final `*` (`:splat`)
 * in `from`, `query` conditions (a literal value, or `:name` to capture any value), `status` 200
 * (rewrite, or proxy when `to` is an absolute URL), 3xx and 404, and `force`. Anything else in a rule
 * (conditions, signed, headers of a proxy) is refused at start, so a rule is never silently ignored.
 */
import { z } from 'astro/zod';

const headerRuleSchema = z.strictObject({ for: z.string().startsWith('/'), values: z.record(z.string(), z.string()) });
const redirectRuleSchema = z.strictObject({
  from: z.string().startsWith('/'),
  to: z.string().min(1),
  status: z.number().int().optional(),
  force: z.boolean().optional(),
  query: z.record(z.string(), z.string()).optional(),
});
const tomlSchema = z.looseObject({
  headers: z.array(headerRuleSchema).optional(),
  redirects: z.array(redirectRuleSchema).optional(),
});

export interface RedirectMatch {
  /** The target: a path of this site, or an absolute URL for a proxy. */
  to: string;
  status: number;
  force: boolean;
  external: boolean;
}

export interface SiteRules {
  /** The headers every matching [[headers]] rule sets for this (decoded) path, later rules winning. */
  headersFor(pathname: string): Record<string, string>;
  /** The first [[redirects]] rule that matches, with its placeholders filled in. */
  redirectFor(pathname: string, query: URLSearchParams): RedirectMatch | null;
}

const escape = (text: string) => text.replace(/[.+?^${}()|[\]\\]/g, '\\$&');

/** Netlify's `for` matching (@netlify/headers-parser): `:x` is one segment, a lone `*` also matches nothing. */
function headerPattern(path: string): RegExp {
  const parts = path
    .split('/')
    .map((part) => part.trimEnd())
    .filter(Boolean)
    .map((part) => (part.startsWith(':') ? '([^/]+)' : part === '*' ? '?(.*)' : escape(part).replaceAll('*', '(.*)')));
  return new RegExp(`^/${parts.join('/')}/?$`, 'iu');
}

interface CompiledRedirect {
  pattern: RegExp;
  names: string[];
  query: [string, string][];
  to: string;
  status: number;
  force: boolean;
}

/** `from` as a regular expression: `:name` captures a segment, a final `*` the rest (`:splat`); a trailing slash is optional. */
function compileRedirect(rule: z.infer<typeof redirectRuleSchema>): CompiledRedirect {
  const names: string[] = [];
  const parts = rule.from.split('/').filter(Boolean);
  const source = parts
    .map((part, index) => {
      if (part.startsWith(':')) {
        names.push(part.slice(1));
        return '/([^/]+)';
      }
      if (part === '*') {
        if (index !== parts.length - 1) throw new Error(`redirect from ${rule.from}: * is only supported at the end`);
        names.push('splat');
        return '(?:/(.*))?';
      }
      return `/${escape(part)}`;
    })
    .join('');
  return {
    pattern: new RegExp(`^${source || ''}/?$`, 'iu'),
    names,
    query: Object.entries(rule.query ?? {}),
    to: rule.to,
    status: rule.status ?? 301,
    force: rule.force ?? false,
  };
}

export function compileSiteRules(toml: unknown): SiteRules {
  const parsed = tomlSchema.safeParse(toml);
  if (!parsed.success) {
    throw new Error(
      `netlify.toml: unsupported [[headers]] or [[redirects]] rule: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    );
  }
  const headerRules = (parsed.data.headers ?? []).map((rule) => ({
    pattern: headerPattern(rule.for),
    values: Object.entries(rule.values).map(([name, value]) => [name.toLowerCase(), value] as const),
  }));
  const redirects = (parsed.data.redirects ?? []).map(compileRedirect);
  return {
    headersFor(pathname) {
      const headers: Record<string, string> = {};
      for (const rule of headerRules) if (rule.pattern.test(pathname)) for (const [name, value] of rule.values) headers[name] = value;
      return headers;
    },
    redirectFor(pathname, query) {
      for (const rule of redirects) {
        const found = rule.pattern.exec(pathname);
        if (!found) continue;
        const values = new Map<string, string>();
        rule.names.forEach((name, index) => values.set(name, found[index + 1] ?? ''));
        const queryHolds = rule.query.every(([key, expected]) => {
          const actual = query.get(key);
          if (actual === null) return false;
          if (expected.startsWith(':')) {
            values.set(expected.slice(1), actual);
            return true;
          }
          return actual === expected;
        });
        if (!queryHolds) continue;
        const to = rule.to.replace(/:([A-Za-z_][A-Za-z0-9_]*)/g, (whole, name: string) => values.get(name) ?? whole);
        return { to, status: rule.status, force: rule.force, external: /^https?:\/\//i.test(to) };
      }
      return null;
    },
  };
}
