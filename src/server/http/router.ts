/**
 * Routes a request to one of the functions by its `config.path` and `config.method`, the way Netlify
 * does: paths in URLPattern syntax (`:param`, `*`), matched against the request's pathname. Pure: the
 * server (scripts/lib/serve.ts) builds the table from the modules in functions/ and acts on the result.
 */

export interface RouteDefinition<T> {
  /** The function's name (its file name without extension), for logs. */
  name: string;
  /** `config.path`: one path or several. */
  path: string | readonly string[];
  /** `config.method`: one method or several; absent means every method, as on Netlify. */
  method?: string | readonly string[] | undefined;
  target: T;
}

export type RouteMatch<T> =
  | { kind: 'found'; target: T; name: string; pattern: string; params: Record<string, string> }
  /** The path is a function's but the method is not: `allow` lists the methods that are. */
  | { kind: 'method_not_allowed'; allow: string[]; pattern: string }
  /** The path is a function's but a parameter is not valid percent-encoding (`%ZZ`). */
  | { kind: 'malformed'; pattern: string }
  | { kind: 'none' };

interface CompiledRoute<T> {
  name: string;
  pattern: string;
  matcher: PathMatcher;
  methods: Set<string> | null;
  target: T;
}

export interface Router<T> {
  /** `pathname` as WHATWG URL gives it (canonical: percent-encoded, no dot segments), as URLPattern would make it. */
  match(method: string, pathname: string): RouteMatch<T>;
  /** Every path pattern, for listings and tests. */
  readonly patterns: readonly string[];
}

const asList = (value: string | readonly string[]): readonly string[] => (typeof value === 'string' ? [value] : value);

/** A compiled pattern: the parameters of a path it matches, by name, or null. */
type PathMatcher = (pathname: string) => Record<string, string | undefined> | null;

/**
 * The pattern as a RegExp (and its literal prefix) when it uses only what the project's functions declare: literal text, `:name`
 * parameters (one path segment, URLPattern's default `[^/]+?`) and `*` wildcards (`.*`, their groups named
 * 0, 1, ... as URLPattern names them). Why: URLPattern.exec builds a result for all eight parts of a URL,
 * about 10 µs a call, and a request tries the routes in turn (tens of µs on every request); this RegExp
 * matches the same canonical pathnames in a fraction of a microsecond. Anything else (groups, modifiers,
 * custom expressions, characters URLPattern would encode, dot segments) answers null: URLPattern keeps it.
 */
export function compilePathPattern(pattern: string): PathMatcher | null {
  const token = /:([A-Za-z_$][A-Za-z0-9_$]*)|(\*)|([A-Za-z0-9/._~-]+)/y;
  const names: string[] = [];
  let source = '^';
  let wildcards = 0;
  let afterPart = false;
  // The literal text before the first parameter or wildcard.
  let prefix = '';
  while (token.lastIndex < pattern.length) {
    const found = token.exec(pattern);
    if (!found) return null;
    const [, name, star, text] = found;
    if (name !== undefined) {
      // URLPattern's names run on through any identifier character, non-ASCII letters included.
      if (/[^\0-\x7f]/.test(pattern[token.lastIndex] ?? '')) return null;
      names.push(name);
      source += '([^/]+?)';
    } else if (star !== undefined) {
      // A `*` right after a parameter or a wildcard is a modifier (repeat), not a wildcard.
      if (afterPart) return null;
      names.push(String(wildcards++));
      source += '(.*)';
    } else if (text !== undefined) {
      if (/(^|\/)\.\.?(\/|$)/.test(text)) return null;
      source += text.replaceAll('.', '\\.');
      if (names.length === 0) prefix += text;
    }
    afterPart = text === undefined;
  }
  const regexp = new RegExp(`${source}$`, 'u');
  return (pathname) => {
    // A string comparison turns most routes away before their RegExp runs: on a request each route's
    // RegExp is code of its own to load (a cache miss each), the comparison is the same code for all.
    if (!pathname.startsWith(prefix)) return null;
    const found = regexp.exec(pathname);
    if (!found) return null;
    const groups: Record<string, string | undefined> = {};
    for (let i = 0; i < names.length; i++) groups[names[i]!] = found[i + 1];
    return groups;
  };
}

function pathMatcher(pattern: string): PathMatcher {
  // Constructed in every case: an invalid pattern fails at start-up, as it would on Netlify's deploy.
  const urlPattern = new URLPattern({ pathname: pattern });
  return compilePathPattern(pattern) ?? ((pathname) => urlPattern.exec({ pathname })?.pathname.groups ?? null);
}

export function createRouter<T>(definitions: readonly RouteDefinition<T>[]): Router<T> {
  const routes: CompiledRoute<T>[] = definitions.flatMap((definition) => {
    const methods = definition.method === undefined ? null : new Set(asList(definition.method).map((m) => m.toUpperCase()));
    // A GET route answers HEAD too: Node sends the headers and drops the body.
    if (methods?.has('GET')) methods.add('HEAD');
    return asList(definition.path).map((pattern) => {
      if (!pattern.startsWith('/')) throw new Error(`function ${definition.name}: path "${pattern}" must start with /`);
      return {
        name: definition.name,
        pattern,
        matcher: pathMatcher(pattern),
        methods,
        target: definition.target,
      };
    });
  });
  return {
    patterns: routes.map((route) => route.pattern),
    match(method, pathname) {
      const upper = method.toUpperCase();
      let allow: Set<string> | null = null;
      let allowPattern = '';
      for (const route of routes) {
        const groups = route.matcher(pathname);
        if (!groups) continue;
        if (route.methods && !route.methods.has(upper)) {
          allow ??= new Set();
          allowPattern ||= route.pattern;
          for (const m of route.methods) allow.add(m);
          continue;
        }
        // Handlers get parameters decoded (`caf%C3%A9` -> `café`); a broken escape is the caller's fault.
        const params: Record<string, string> = {};
        try {
          for (const [key, value] of Object.entries(groups)) if (value !== undefined) params[key] = decodeURIComponent(value);
        } catch {
          return { kind: 'malformed', pattern: route.pattern };
        }
        return { kind: 'found', target: route.target, name: route.name, pattern: route.pattern, params };
      }
      if (allow) return { kind: 'method_not_allowed', allow: [...allow].sort(), pattern: allowPattern };
      return { kind: 'none' };
    },
  };
}
