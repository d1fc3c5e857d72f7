/**
 * The site's full-text search, on the Pagefind index built after `astro build`. Pagefind keeps one index
 * per language (from <html lang>), so an English page searches English pages.
 */
interface PagefindResult {
  data(): Promise<{ url: string; excerpt: string; meta: { title?: string } }>;
}
interface Pagefind {
  search(query: string): Promise<{ results: PagefindResult[] }>;
}

const MAX_RESULTS = 20;

export function enhanceSearch(doc: Document): void {
  const form = doc.querySelector<HTMLFormElement>('[data-search]');
  const status = doc.querySelector<HTMLElement>('[data-search-status]');
  const list = doc.querySelector<HTMLOListElement>('[data-search-results]');
  if (!form || !status || !list) return;
  const input = form.querySelector<HTMLInputElement>('input[name="q"]')!;
  const strings = JSON.parse(form.dataset['strings'] ?? '{}') as Record<'results' | 'one' | 'none' | 'loading', string>;
  let pagefind: Promise<Pagefind> | null = null;
  const load = () => {
    // A path the bundler must not resolve: the index exists only after the build.
    const url = '/pagefind/pagefind.js';
    pagefind ??= import(/* @vite-ignore */ url) as Promise<Pagefind>;
    return pagefind;
  };

  const run = async (query: string) => {
    list.replaceChildren();
    if (!query.trim()) {
      status.textContent = '';
      return;
    }
    status.textContent = strings.loading;
    const search = await (await load()).search(query);
    const results = await Promise.all(search.results.slice(0, MAX_RESULTS).map((result) => result.data()));
    for (const result of results) {
      const item = doc.createElement('li');
      const heading = doc.createElement('h2');
      const link = doc.createElement('a');
      link.href = result.url;
      link.textContent = result.meta.title ?? result.url;
      heading.append(link);
      const excerpt = doc.createElement('p');
      // Pagefind escapes the page text and adds only <mark> around the matches.
      excerpt.innerHTML = result.excerpt;
      item.append(heading, excerpt);
      list.append(item);
    }
    const template = results.length === 0 ? strings.none : results.length === 1 ? strings.one : strings.results;
    status.textContent = template.replace('{n}', String(search.results.length)).replace('{q}', query);
  };

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const query = input.value;
    doc.defaultView?.history.replaceState(null, '', `${form.action.replace(/^https?:\/\/[^/]+/, '')}?q=${encodeURIComponent(query)}`);
    void run(query);
  });
  const initial = new URLSearchParams(doc.location.search).get('q');
  if (initial) {
    input.value = initial;
    void run(initial);
  }
}
