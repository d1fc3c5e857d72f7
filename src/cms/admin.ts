/**
 * The editor at /admin: Decap CMS with our widgets and previews. Bundled by scripts/build-cms.ts into
 * public/admin/cms.js, loaded only by src/pages/admin/index.astro; the configuration comes from
 * /admin/config.yml (src/cms/config.ts).
 */
import CMS from 'decap-cms-app';
import { Component, createElement as h, useEffect, useState, type ReactNode } from 'react';
import { editorFormat } from './frontmatter.ts';
import { KEPT_FORMAT, TRANSLATION_FIELD, TRANSLATION_FORMAT } from './names.ts';
import { budgetSummary, formatAmount, type BudgetLine } from './budget.ts';

/** Decap hands widgets and previews Immutable.js values: only what we read of them. */
interface Immutable {
  get(key: string): unknown;
  getIn(path: (string | number)[]): unknown;
  toJS(): unknown;
}
interface ControlProps {
  value: unknown;
  field: Immutable;
  entry: Immutable;
  onChange: (value: unknown) => void;
  forID: string;
  classNameWrapper: string;
  [prop: string]: unknown;
}
interface PreviewProps {
  entry: Immutable;
  widgetFor: (name: string) => ReactNode;
  getAsset: (path: string) => { toString(): string } | null;
  getCollection: (collection: string, slug?: string) => Promise<Immutable[]>;
}
type WidgetComponent = new (props: ControlProps) => Component<ControlProps>;

const registry = CMS as unknown as {
  getWidget(name: string): { control: WidgetComponent; preview?: unknown } | undefined;
  registerWidget(name: string, control: unknown, preview?: unknown): void;
  registerPreviewTemplate(collection: string, template: unknown): void;
  registerPreviewStyle(href: string): void;
  registerEventListener(listener: { name: 'preSave'; handler: (event: { entry: Immutable }) => unknown }): void;
  registerCustomFormat(
    name: string,
    extension: string,
    format: { fromFile(content: string): Record<string, unknown>; toFile(data: Record<string, unknown>, sortedKeys?: string[]): string },
  ): void;
  init(options?: { config?: Record<string, unknown> }): void;
};

/** Entry data: an Immutable map in the editor's store, a plain object when the preview loads another entry. */
function dataOf(entry: Immutable): Record<string, unknown> {
  const data = entry.get('data') as Immutable | Record<string, unknown> | undefined;
  if (!data) return {};
  return typeof data.toJS === 'function' ? ((data as Immutable).toJS() as Record<string, unknown>) : (data as Record<string, unknown>);
}
const budgetOf = (data: Record<string, unknown>): BudgetLine[] => (Array.isArray(data['budget']) ? (data['budget'] as BudgetLine[]) : []);

function widgetControl(name: string): WidgetComponent {
  const widget = registry.getWidget(name);
  if (!widget) throw new Error(`Decap CMS has no ${name} widget`);
  return widget.control;
}

/** A number in euros, with the amount written out as readers will see it. */
function eurosControl(Base: WidgetComponent, note: (props: ControlProps) => ReactNode = () => null) {
  return class EurosControl extends Component<ControlProps> {
    override render() {
      const amount = typeof this.props.value === 'number' ? formatAmount(this.props.value) : null;
      return h(
        'div',
        null,
        h(Base, this.props),
        h('p', { className: 'euros-note', 'aria-live': 'polite' }, amount ? `= ${amount}` : null, ' ', note(this.props)),
      );
    }
  };
}

/** The goal shows the sum of the budget lines under it, so the editor can make them agree before saving. */
function goalNote(props: ControlProps): ReactNode {
  const lines = budgetOf(dataOf(props.entry));
  const goal = typeof props.value === 'number' ? props.value : undefined;
  const { text, matches } = budgetSummary(lines, goal);
  return h('strong', { className: matches ? 'budget-ok' : 'budget-mismatch' }, text);
}

/**
 * The Italian entry an English translation belongs to. A new translation chooses it from the Italian
 * entries (the relation widget); an existing one is already named after it, so it shows that name.
 */
function translationOfControl(Relation: WidgetComponent) {
  return class TranslationOfControl extends Component<ControlProps> {
    /** Required of a new translation only (the field is optional in the configuration for that reason). */
    isValid() {
      if (!this.props.entry.get('newRecord') || (typeof this.props.value === 'string' && this.props.value !== '')) return true;
      return { error: { type: 'PRESENCE', message: 'Scegli la voce italiana che traduci: la traduzione ne prende il nome del file.' } };
    }
    override render() {
      if (this.props.entry.get('newRecord')) return h(Relation, this.props);
      return h(
        'p',
        { id: this.props.forID, className: this.props.classNameWrapper },
        String(this.props.entry.get('path') ?? this.props.entry.get('slug')),
      );
    }
  };
}

// Saving keeps a file as it was written but for the fields the editor changed. English files hold only their
// translatable fields: the choice of the Italian entry is the file name.
registry.registerCustomFormat(KEPT_FORMAT, 'md', editorFormat([]));
registry.registerCustomFormat(TRANSLATION_FORMAT, 'md', editorFormat([TRANSLATION_FIELD]));

/**
 * An optional group (a historical campaign's outcome, an infoday's place, a call's donation limits) that
 * the editor leaves empty must not demand its inner fields: Decap's object widget validates them anyway.
 */
function optionalAwareObject(Base: WidgetComponent) {
  return class OptionalAwareObject extends Base {
    constructor(props: ControlProps) {
      super(props);
      const self = this as unknown as {
        validate: () => void;
        childRefs?: Record<string, { props?: { onValidate?: (errors: unknown[]) => void } } | null>;
      };
      const validateChildren = self.validate;
      self.validate = () => {
        if (this.props.field.get('required') !== false || !isBlank(this.props.value)) return validateChildren();
        for (const child of Object.values(self.childRefs ?? {})) child?.props?.onValidate?.([]);
      };
    }
  };
}

function isBlank(value: unknown): boolean {
  if (value === undefined || value === null || value === '') return true;
  const plain = typeof (value as Immutable).toJS === 'function' ? (value as Immutable).toJS() : value;
  if (Array.isArray(plain)) return plain.every(isBlank);
  if (typeof plain === 'object' && plain !== null) return Object.values(plain).every(isBlank);
  return false;
}

/** Decap writes `images/x.jpg`; the files say `./images/x.jpg`, the form Astro's image() resolves next to the file. */
interface ImmutableData extends Immutable {
  getIn(path: (string | number)[]): unknown;
  setIn(path: (string | number)[], value: unknown): ImmutableData;
  has(key: string): boolean;
}
const relative = (value: unknown) => (typeof value === 'string' && /^images\//.test(value) ? `./${value}` : value);
registry.registerEventListener({
  name: 'preSave',
  handler: ({ entry }) => {
    let data = entry.get('data') as ImmutableData;
    for (const path of [
      ['cover', 'src'],
      ['logo', 'src'],
    ])
      if (data.getIn(path) !== undefined) data = data.setIn(path, relative(data.getIn(path)));
    const gallery = data.get('gallery') as { size: number } | undefined;
    for (let index = 0; index < (gallery?.size ?? 0); index++)
      data = data.setIn(['gallery', index, 'src'], relative(data.getIn(['gallery', index, 'src'])));
    return data;
  },
});

const objectWidget = registry.getWidget('object');
if (objectWidget) registry.registerWidget('object', optionalAwareObject(objectWidget.control), objectWidget.preview);
registry.registerWidget('euros', eurosControl(widgetControl('number')));
registry.registerWidget('goal', eurosControl(widgetControl('number'), goalNote));
registry.registerWidget('translation-of', translationOfControl(widgetControl('relation')));

// The site's stylesheet and fonts, bundled next to cms.js by scripts/build-cms.ts.
registry.registerPreviewStyle('/admin/preview.css');

const text = (value: unknown) => (typeof value === 'string' ? value : '');

function CampaignPreview({ entry, widgetFor, getAsset }: PreviewProps) {
  const data = dataOf(entry);
  const cover = data['cover'] as { src?: string; alt?: string } | undefined;
  const coverSrc = cover?.src ? getAsset(cover.src)?.toString() : undefined;
  const lines = budgetOf(data);
  const goal = typeof data['goal'] === 'number' ? data['goal'] : undefined;
  const summary = budgetSummary(lines, goal);
  return h(
    'main',
    { className: 'wrap' },
    h('h1', null, text(data['title']) || 'Titolo della campagna'),
    h('p', { className: 'lead' }, text(data['summary'])),
    h(
      'div',
      { className: 'campaign' },
      h(
        'div',
        null,
        coverSrc ? h('img', { className: 'campaign__cover', src: coverSrc, alt: cover?.alt ?? '', style: { maxWidth: '100%' } }) : null,
        cover?.src && !cover.alt ? h('p', { className: 'notice' }, 'Manca il testo alternativo della copertina.') : null,
        h('div', { className: 'prose' }, widgetFor('body')),
      ),
      h(
        'aside',
        null,
        h('h2', null, 'Come useremo i fondi'),
        h(
          'table',
          { className: 'budget' },
          h(
            'tbody',
            null,
            ...lines.map((line, index) =>
              h('tr', { key: index }, h('td', null, line.item), h('td', { className: 'amount' }, formatAmount(line.amount))),
            ),
          ),
          h('tfoot', null, h('tr', null, h('th', null, 'Totale'), h('td', { className: 'amount' }, formatAmount(summary.total)))),
        ),
        h('p', { className: summary.matches ? 'meta' : 'notice' }, summary.text),
      ),
    ),
  );
}

/** An English translation next to the Italian text it translates. */
function TranslationPreview(collection: string, pairs: [string, string][]) {
  return function Preview({ entry, widgetFor, getCollection }: PreviewProps) {
    const data = dataOf(entry);
    const slug = text(data[TRANSLATION_FIELD]) || text(entry.get('slug'));
    const [italian, setItalian] = useState<Record<string, unknown>>({});
    useEffect(() => {
      if (!slug) return;
      let current = true;
      getCollection(collection, slug).then(
        (found) => {
          const first = Array.isArray(found) ? found[0] : (found as unknown as Immutable | undefined);
          if (current && first) setItalian(dataOf(first));
        },
        () => undefined,
      );
      return () => {
        current = false;
      };
    }, [slug]);
    return h(
      'main',
      { className: 'wrap' },
      h('p', { className: 'meta' }, `Traduzione di ${slug || '…'}`),
      h(
        'table',
        { className: 'translation' },
        h('thead', null, h('tr', null, h('th', null, ''), h('th', { lang: 'it' }, 'Italiano'), h('th', { lang: 'en' }, 'English'))),
        h(
          'tbody',
          null,
          ...pairs.map(([field, label]) =>
            h(
              'tr',
              { key: field },
              h('th', null, label),
              h('td', { lang: 'it' }, show(italian[field])),
              h('td', { lang: 'en' }, show(data[field])),
            ),
          ),
        ),
      ),
      h('div', { className: 'prose', lang: 'en' }, widgetFor('body')),
    );
  };
}

function show(value: unknown): string {
  if (Array.isArray(value))
    return value
      .map((item) =>
        typeof item === 'object' && item
          ? text((item as Record<string, unknown>)['item'] ?? (item as Record<string, unknown>)['title'])
          : String(item),
      )
      .join(' · ');
  if (value && typeof value === 'object') return text((value as Record<string, unknown>)['alt']);
  return text(value);
}

registry.registerPreviewTemplate('campaigns', CampaignPreview);
registry.registerPreviewTemplate(
  'campaigns_en',
  TranslationPreview('campaigns', [
    ['title', 'Titolo'],
    ['summary', 'Sommario'],
    ['budget', 'Voci di spesa'],
  ]),
);
for (const name of ['updates', 'infodays', 'calls', 'paths']) {
  registry.registerPreviewTemplate(
    `${name}_en`,
    TranslationPreview(name, [
      ['title', 'Titolo'],
      ['summary', 'Sommario'],
    ]),
  );
}
registry.registerPreviewTemplate(
  'pages_en',
  TranslationPreview('pages', [
    ['title', 'Titolo'],
    ['description', 'Descrizione'],
  ]),
);
registry.registerPreviewTemplate('organisations_en', TranslationPreview('organisations', [['legalForm', 'Forma giuridica']]));

registry.init();
