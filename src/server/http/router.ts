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
  matcher: URLPattern;
  methods: Set<string> | null;
  target: T;
}

export interface Router<T> {
  match(method: string, pathname: string): RouteMatch<T>;
  /** Every path pattern, for listings and tests. */
  readonly patterns: readonly string[];
}

const asList = (value: string | readonly string[]): readonly string[] => (typeof value === 'string' ? [value] : value);

export function createRouter<T>(definitions: readonly RouteDefinition<T>[]): Router<T> {
  const routes: CompiledRoute<T>[] = definitions.flatMap((definition) => {
    const methods = definition.method === undefined ? null : new Set(asList(definition.method).map((m) => m.toUpperCase()));
    // A GET route answers HEAD too: Node sends the headers and drops the body.
    if (methods?.has('GET')) methods.add('HEAD');
    return asList(definition.path).map((pattern) => {
      if (!pattern.startsWith('/')) throw new Error(`function ${definition.name}: path "${pattern}" must start with /`);
      return { name: definition.name, pattern, matcher: new URLPattern({ pathname: pattern }), methods, target: definition.target };
    });
  });
  return {
    patterns: routes.map((route) => route.pattern),
    match(method, pathname) {
      const upper = method.toUpperCase();
      let allow: Set<string> | null = null;
      let allowPattern = '';
      for (const route of routes) {
        const result = route.matcher.exec({ pathname });
        if (!result) continue;
        if (route.methods && !route.methods.has(upper)) {
          allow ??= new Set();
          allowPattern ||= route.pattern;
          for (const m of route.methods) allow.add(m);
          continue;
        }
        // Handlers get parameters decoded (`caf%C3%A9` -> `café`); a broken escape is the caller's fault.
        const params: Record<string, string> = {};
        try {
          for (const [key, value] of Object.entries(result.pathname.groups))
            if (value !== undefined) params[key] = decodeURIComponent(value);
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
