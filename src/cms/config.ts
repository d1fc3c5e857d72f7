/**
 * The content editor's configuration (Decap CMS), written once here and served as /admin/config.yml.
 * Every collection of src/content.config.ts has its form; tests/unit/cms-schema-drift.test.ts fails when
 * a field here and the zod schema in src/content/schemas.ts disagree (name, required, kind).
 *
 * English translations keep their own files (content/<collection>/en/<id>.md, see CONTENT.md): each
 * Italian collection has an English twin whose entries are named after the Italian entry they translate,
 * chosen from a list (`translationOf`, a field of the form only: src/cms/admin.ts never writes it).
 */
import { PAGE_SECTIONS } from '../content/schemas.ts';
import { DISTRICT_LABELS, SOCIAL_PROBLEM_LABELS } from '../i18n/vocabularies.ts';
import { KEPT_FORMAT, TRANSLATION_FIELD, TRANSLATION_FORMAT } from './names.ts';

export { KEPT_FORMAT, TRANSLATION_FIELD, TRANSLATION_FORMAT };

export interface CmsField {
  name: string;
  label: string;
  widget: string;
  required?: boolean;
  hint?: string;
  pattern?: [string, string];
  default?: unknown;
  [option: string]: unknown;
}

export interface CmsCollection {
  name: string;
  label: string;
  label_singular: string;
  description: string;
  folder: string;
  extension: 'md';
  format: string;
  create: true;
  slug: string;
  identifier_field?: string;
  summary: string;
  sortable_fields?: string[];
  media_folder?: string;
  public_folder?: string;
  fields: CmsField[];
}

const SECTION_LABELS: Record<(typeof PAGE_SECTIONS)[number], string> = {
  crowdfunding: 'Crowdfunding civico',
  transparency: 'Trasparenza',
  legal: 'Note legali',
};

type Options = Omit<Partial<CmsField>, 'name' | 'label' | 'widget'>;
const optional = { required: false } as const;

const string = (name: string, label: string, options: Options = {}): CmsField => ({ name, label, widget: 'string', ...options });
const text = (name: string, label: string, options: Options = {}): CmsField => ({ name, label, widget: 'text', ...options });
const summary = (name: string, label: string, options: Options = {}): CmsField =>
  text(name, label, {
    hint: 'Al massimo 300 caratteri: compare negli elenchi e nei risultati di ricerca.',
    pattern: ['^[\\s\\S]{1,300}$', 'Al massimo 300 caratteri'],
    ...options,
  });
const body = (label = 'Testo', required = false): CmsField => ({
  name: 'body',
  label,
  widget: 'markdown',
  required,
  hint: 'Titoli dal livello 2 (##): il titolo della pagina è il campo «Titolo».',
});
const boolean = (name: string, label: string, hint: string): CmsField => ({
  name,
  label,
  widget: 'boolean',
  default: false,
  required: false,
  hint,
});
const integer = (name: string, label: string, options: Options = {}): CmsField => ({
  name,
  label,
  widget: 'number',
  value_type: 'int',
  ...options,
});
/** Money is typed in euros, as the files hold it; the schemas turn it into cents. */
const euros = (name: string, label: string, options: Options = {}): CmsField => ({
  name,
  label,
  widget: 'euros',
  value_type: 'float',
  min: 0.01,
  step: 0.01,
  hint: 'In euro, con al massimo due decimali separati dal punto (es. 2500 o 2500.50).',
  ...options,
});
const share = (name: string, label: string, hint: string): CmsField => ({
  name,
  label,
  widget: 'number',
  value_type: 'float',
  min: 0.0001,
  max: 1,
  step: 0.01,
  hint,
});
/** An instant with its time zone, as the schemas expect (e.g. 2026-11-02T09:00:00+01:00). */
const instant = (name: string, label: string, options: Options = {}): CmsField => ({
  name,
  label,
  widget: 'datetime',
  format: 'YYYY-MM-DDTHH:mm:ssZ',
  date_format: 'DD/MM/YYYY',
  time_format: 'HH:mm',
  picker_utc: false,
  default: '',
  ...options,
});
const day = (name: string, label: string, options: Options = {}): CmsField => ({
  name,
  label,
  widget: 'datetime',
  format: 'YYYY-MM-DD',
  date_format: 'DD/MM/YYYY',
  time_format: false,
  default: '',
  ...options,
});
const select = (name: string, label: string, labels: Record<string, string>, options: Options = {}): CmsField => ({
  name,
  label,
  widget: 'select',
  options: Object.entries(labels).map(([value, optionLabel]) => ({ value, label: optionLabel })),
  ...options,
});
const relation = (name: string, label: string, collection: string, options: Options = {}): CmsField => ({
  name,
  label,
  widget: 'relation',
  collection,
  value_field: '{{slug}}',
  search_fields: [collection === 'organisations' ? 'name' : 'title'],
  display_fields: [collection === 'organisations' ? 'name' : 'title'],
  ...options,
});
const object = (name: string, label: string, fields: CmsField[], options: Options = {}): CmsField => ({
  name,
  label,
  widget: 'object',
  collapsed: false,
  fields,
  ...options,
});
const list = (name: string, label: string, fields: CmsField[], options: Options = {}): CmsField => ({
  name,
  label,
  widget: 'list',
  fields,
  ...options,
});
const stringList = (name: string, label: string, options: Options = {}): CmsField => ({
  name,
  label,
  widget: 'list',
  field: string('value', label),
  ...options,
});
const url = (name: string, label: string, options: Options = {}): CmsField =>
  string(name, label, { pattern: ['^https?://\\S+$', 'Un indirizzo web completo, che inizia con https://'], ...options });
const image = (name: string, label: string): CmsField => ({
  name,
  label,
  widget: 'image',
  choose_url: false,
  hint: 'JPEG, PNG o WebP, almeno 1200 pixel di larghezza: il sito ne ricava le versioni più leggere.',
});
const alt = (name: string, label = 'Testo alternativo'): CmsField =>
  text(name, label, { hint: 'Obbligatorio: descrivi l’immagine per chi non può vederla (che cosa mostra, non «foto di»).' });
const picture = (name: string, label: string, options: Options = {}): CmsField =>
  object(name, label, [image('src', 'Immagine'), alt('alt')], options);
const source = (): CmsField[] => [
  string('title', 'Titolo della fonte'),
  url('url', 'Indirizzo', { ...optional, hint: 'Lascia vuoto se la fonte non è online: non inventare un indirizzo.' }),
];
const downloadable = (): CmsField[] => [
  string('title', 'Titolo'),
  string('file', 'File sotto public/', {
    ...optional,
    pattern: ['^/\\S+$', 'Un percorso che inizia con /, es. /documenti/avviso-2026.pdf'],
    hint: 'Percorso del file nella cartella public/ (es. /documenti/avviso-2026.pdf). Senza file, il documento è indicato come non ancora disponibile.',
  }),
];

const SLUG = { encoding: 'ascii', clean_accents: true, sanitize_replacement: '-' } as const;

interface CollectionSpec {
  name: string;
  label: string;
  singular: string;
  description: string;
  fields: CmsField[];
  /** Field naming the entry in the list and giving new entries their file name. */
  identifier?: string;
  images?: boolean;
  slug?: string;
  sortable?: string[];
}

function italian(spec: CollectionSpec): CmsCollection {
  return {
    name: spec.name,
    label: spec.label,
    label_singular: spec.singular,
    description: spec.description,
    folder: `content/${spec.name}`,
    extension: 'md',
    format: KEPT_FORMAT,
    create: true,
    slug: spec.slug ?? '{{slug}}',
    ...(spec.identifier ? { identifier_field: spec.identifier } : {}),
    summary: `{{${spec.identifier ?? 'title'}}}`,
    ...(spec.sortable ? { sortable_fields: spec.sortable } : {}),
    // Relative to the collection's folder: the files say ./images/<file>, which Astro's image pipeline resolves.
    ...(spec.images ? { media_folder: 'images', public_folder: './images' } : {}),
    fields: spec.fields,
  };
}

function english(of: CollectionSpec, fields: CmsField[]): CmsCollection {
  const displayField = of.identifier ?? 'title';
  return {
    name: `${of.name}_en`,
    label: `${of.label} · English`,
    label_singular: `Traduzione inglese (${of.singular.toLowerCase()})`,
    description: `Le traduzioni inglesi di «${of.label}»: ogni file ha il nome della voce italiana che traduce. Senza traduzione, la pagina inglese mostra il testo italiano con l'avviso «available in Italian only».`,
    folder: `content/${of.name}/en`,
    extension: 'md',
    format: TRANSLATION_FORMAT,
    create: true,
    // The file takes the name of the Italian entry it translates.
    slug: `{{${TRANSLATION_FIELD}}}`,
    identifier_field: TRANSLATION_FIELD,
    summary: `{{slug}}: {{${displayField === 'name' ? 'legalForm' : 'title'}}}`,
    fields: [
      relation(TRANSLATION_FIELD, 'Voce italiana che traduci', of.name, {
        widget: 'translation-of',
        // Asked of new translations only (src/cms/admin.ts): an existing one is already named after its entry.
        required: false,
        search_fields: [displayField],
        display_fields: [displayField],
        hint: 'Scegli la voce italiana: la traduzione ne prende il nome del file. Se esiste già una traduzione, aprila dall’elenco invece di crearne un’altra.',
      }),
      ...fields,
    ],
  };
}

const calls: CollectionSpec = {
  name: 'calls',
  label: 'Avvisi',
  singular: 'Avviso',
  description: 'Le edizioni dell’avviso pubblico: regole di cofinanziamento, finestre temporali, documenti.',
  slug: '{{fields.edition}}',
  sortable: ['edition', 'title'],
  fields: [
    string('title', 'Titolo'),
    integer('edition', 'Edizione (anno)', { hint: 'L’anno dell’edizione, es. 2026: dà anche il nome del file.' }),
    summary('summary', 'Sommario'),
    boolean('example', 'Edizione di esempio', 'Un’edizione inventata per mostrare la piattaforma: ogni pagina lo dice.'),
    boolean(
      'historical',
      'Edizione storica',
      'Un’edizione precedente alla piattaforma: senza donazioni online; le date mancanti sono ammesse.',
    ),
    object('applications', 'Candidature', [
      instant('opensAt', 'Apertura', optional),
      instant('closesAt', 'Chiusura', { ...optional, hint: 'Obbligatoria per un avviso non storico.' }),
    ]),
    object('campaignWindow', 'Periodo delle campagne', [
      instant('opensAt', 'Inizio', { ...optional, hint: 'Obbligatorio per un avviso non storico.' }),
      instant('closesAt', 'Fine', { ...optional, hint: 'Obbligatoria per un avviso non storico.' }),
    ]),
    integer('maxProjects', 'Numero massimo di progetti', { min: 1 }),
    object('projectCost', 'Costo del progetto', [euros('min', 'Minimo', optional), euros('max', 'Massimo')]),
    share('threshold', 'Soglia per il cofinanziamento', 'Quota dell’obiettivo che i cittadini devono raggiungere, tra 0 e 1 (0.5 = metà).'),
    share('cofundingShare', 'Quota del Comune', 'Quota dell’obiettivo aggiunta dal Comune, tra 0 e 1 (0.5 = metà).'),
    euros('maxCofundingPerProject', 'Cofinanziamento massimo per progetto'),
    euros('pool', 'Fondo del Comune per l’avviso', { ...optional, hint: 'In euro. Obbligatorio per un avviso non storico.' }),
    text('poolNote', 'Nota sul fondo', optional),
    object('donation', 'Donazione', [euros('min', 'Minima'), euros('max', 'Massima')], {
      ...optional,
      hint: 'Obbligatoria per un avviso non storico.',
    }),
    integer('platformFeeBasisPoints', 'Commissione della piattaforma (punti base)', {
      ...optional,
      default: 0,
      min: 0,
      max: 10000,
      hint: 'Quanto la piattaforma trattiene di ogni donazione, in centesimi di punto percentuale (100 = 1%). Di norma 0.',
    }),
    select(
      'fundingModel',
      'Modello',
      { 'keep-it-all': 'Trattieni tutto (keep-it-all)', 'all-or-nothing': 'Tutto o niente (all-or-nothing)' },
      { ...optional, hint: 'Obbligatorio per un avviso non storico.' },
    ),
    list('documents', 'Documenti', downloadable(), { ...optional, summary: '{{fields.title}}' }),
    list('sources', 'Fonti', source(), { ...optional, summary: '{{fields.title}}' }),
    body(),
  ],
};

const organisations: CollectionSpec = {
  name: 'organisations',
  label: 'Organizzazioni',
  singular: 'Organizzazione',
  description: 'Gli enti del terzo settore che propongono le campagne.',
  identifier: 'name',
  images: true,
  fields: [
    string('name', 'Nome'),
    string('legalForm', 'Forma giuridica', { hint: 'Es. ODV, APS, cooperativa sociale.' }),
    string('legalName', 'Denominazione legale', { ...optional, hint: 'Come compare sulle ricevute; se manca, il nome.' }),
    string('taxCode', 'Codice fiscale', {
      ...optional,
      pattern: ['^(\\d{11}|[A-Z0-9]{16})$', 'Un codice fiscale: 11 cifre o 16 caratteri maiuscoli'],
      hint: 'Serve per le ricevute delle donazioni (art. 83). La cifra di controllo è verificata alla pubblicazione.',
    }),
    string('runtsNumber', 'Numero di iscrizione al RUNTS', optional),
    string('registeredAddress', 'Sede legale', { ...optional, hint: 'Indirizzo completo, come sulle ricevute.' }),
    string('email', 'E-mail di contatto', { ...optional, pattern: ['^[^\\s@]+@[^\\s@]+$', 'Un indirizzo e-mail'] }),
    url('website', 'Sito web', optional),
    select('district', 'Quartiere', DISTRICT_LABELS.it, optional),
    picture('logo', 'Logo', optional),
    body('Presentazione'),
  ],
};

const campaigns: CollectionSpec = {
  name: 'campaigns',
  label: 'Campagne',
  singular: 'Campagna',
  description: 'Le campagne di raccolta: obiettivo, voci di spesa, date, immagini.',
  images: true,
  sortable: ['title', 'opensAt'],
  fields: [
    string('title', 'Titolo', {
      hint: 'Dà anche il nome del file e l’indirizzo della pagina: sceglilo bene prima di salvare la prima volta.',
    }),
    summary('summary', 'Sommario'),
    relation('call', 'Avviso', 'calls'),
    relation('organisations', 'Organizzazioni proponenti', 'organisations', {
      multiple: true,
      min: 1,
      max: 3,
      hint: 'Una organizzazione, o una rete di fino a tre.',
    }),
    relation('payee', 'Organizzazione che riceve le donazioni', 'organisations', {
      ...optional,
      hint: 'La capofila della rete: riceve il denaro ed emette le ricevute. Se manca, la prima delle proponenti.',
    }),
    select('district', 'Quartiere', DISTRICT_LABELS.it),
    select('socialProblem', 'Problema sociale', SOCIAL_PROBLEM_LABELS.it),
    euros('goal', 'Obiettivo', {
      ...optional,
      widget: 'goal',
      hint: 'In euro: deve essere uguale alla somma delle voci di spesa. Obbligatorio, tranne per le campagne storiche.',
    }),
    list('budget', 'Voci di spesa', [string('item', 'Voce'), euros('amount', 'Importo')], {
      ...optional,
      summary: '{{fields.item}}: {{fields.amount}} €',
      hint: 'Obbligatorie, tranne per le campagne storiche. La somma è mostrata sotto l’obiettivo e nell’anteprima.',
    }),
    instant('opensAt', 'Apertura'),
    instant('closesAt', 'Chiusura', { ...optional, hint: 'Obbligatoria, tranne per le campagne storiche.' }),
    picture('cover', 'Immagine di copertina'),
    list('gallery', 'Galleria', [image('src', 'Immagine'), alt('alt')], optional),
    url('video', 'Video', { ...optional, hint: 'Indirizzo YouTube o Vimeo: il video si carica solo se il visitatore lo chiede.' }),
    {
      name: 'suggestedAmounts',
      label: 'Importi suggeriti',
      widget: 'list',
      field: euros('amount', 'Importo'),
      required: false,
      max: 6,
      hint: 'Fino a sei importi in euro, proposti a chi dona.',
    },
    text('otherWaysToGive', 'Altri modi di donare', optional),
    boolean('draft', 'Bozza', 'Una bozza non è pubblicata sul sito.'),
    boolean('cancelled', 'Annullata', 'Una campagna annullata chiude e, se tutto o niente, le donazioni sono rimborsate.'),
    object('history', 'Campagna storica', [text('outcome', 'Esito noto'), object('source', 'Fonte', source())], {
      ...optional,
      hint: 'Solo per le campagne precedenti alla piattaforma: che cosa si sa del risultato e dove è scritto.',
    }),
    body('Descrizione', true),
  ],
};

const updates: CollectionSpec = {
  name: 'updates',
  label: 'Notizie',
  singular: 'Notizia',
  description: 'Aggiornamenti di una campagna o notizie del programma.',
  slug: '{{year}}-{{month}}-{{day}}-{{slug}}',
  sortable: ['date', 'title'],
  fields: [
    string('title', 'Titolo'),
    instant('date', 'Data'),
    relation('campaign', 'Campagna', 'campaigns', { ...optional, hint: 'Lascia vuoto per una notizia del programma.' }),
    summary('summary', 'Sommario'),
    body(),
  ],
};

const infodays: CollectionSpec = {
  name: 'infodays',
  label: 'Infoday',
  singular: 'Infoday',
  description: 'Giornate informative e webinar, con le iscrizioni.',
  slug: '{{year}}-{{month}}-{{day}}-{{slug}}',
  sortable: ['startsAt', 'title'],
  fields: [
    string('title', 'Titolo'),
    relation('call', 'Avviso', 'calls'),
    summary('summary', 'Sommario'),
    boolean('historical', 'Storico', 'Tenuto prima della piattaforma: si conosce solo la data e non ci si può iscrivere.'),
    instant('startsAt', 'Inizio'),
    instant('endsAt', 'Fine', { ...optional, hint: 'Obbligatoria, tranne per gli infoday storici.' }),
    select('mode', 'Modalità', { 'in-person': 'In presenza', online: 'Online' }),
    object('place', 'Luogo', [string('name', 'Nome'), string('address', 'Indirizzo')], {
      ...optional,
      hint: 'Obbligatorio per un infoday in presenza.',
    }),
    url('onlineLink', 'Link dell’incontro online', {
      ...optional,
      hint: 'Solo per un infoday online. Non compare sul sito: lo ricevono solo gli iscritti confermati.',
    }),
    integer('capacity', 'Posti', { ...optional, min: 1, hint: 'Obbligatorio, tranne per gli infoday storici.' }),
    instant('registrationOpensAt', 'Apertura iscrizioni', { ...optional, hint: 'Obbligatoria, tranne per gli infoday storici.' }),
    instant('registrationClosesAt', 'Chiusura iscrizioni', {
      ...optional,
      hint: 'Entro l’inizio dell’infoday. Obbligatoria, tranne per gli infoday storici.',
    }),
    body(),
  ],
};

const paths: CollectionSpec = {
  name: 'paths',
  label: 'Percorsi',
  singular: 'Percorso',
  description: 'Percorsi di accompagnamento e formazione per le organizzazioni.',
  fields: [
    string('title', 'Titolo'),
    relation('call', 'Avviso', 'calls'),
    summary('summary', 'Sommario'),
    list(
      'sessions',
      'Incontri',
      [instant('date', 'Inizio'), instant('endsAt', 'Fine', optional), string('topic', 'Argomento'), string('trainer', 'Formatore')],
      { min: 1, summary: '{{fields.topic}}' },
    ),
    list('materials', 'Materiali', downloadable(), { ...optional, summary: '{{fields.title}}' }),
    object('place', 'Luogo', [string('name', 'Nome'), string('address', 'Indirizzo')], {
      ...optional,
      hint: 'Dove si tengono gli incontri in presenza.',
    }),
    url('onlineLink', 'Link degli incontri online', {
      ...optional,
      hint: 'Non compare sul sito: lo ricevono solo le organizzazioni iscritte e confermate.',
    }),
    integer('capacity', 'Posti', {
      ...optional,
      min: 1,
      hint: 'Per aprire le iscrizioni servono posti, apertura e chiusura; senza, il percorso non ha iscrizioni.',
    }),
    instant('registrationOpensAt', 'Apertura iscrizioni', optional),
    instant('registrationClosesAt', 'Chiusura iscrizioni', { ...optional, hint: 'Entro l’inizio del primo incontro.' }),
    body(),
  ],
};

const pages: CollectionSpec = {
  name: 'pages',
  label: 'Pagine',
  singular: 'Pagina',
  description: 'Pagine di sensibilizzazione e istituzionali (che cos’è il crowdfunding civico, come donare, FAQ, note legali).',
  sortable: ['section', 'order', 'title'],
  fields: [
    string('title', 'Titolo'),
    summary('description', 'Descrizione'),
    select('section', 'Sezione', SECTION_LABELS),
    integer('order', 'Ordine', { hint: 'Posizione nella sezione: 1 è la prima.' }),
    object(
      'programme',
      'Risorse del programma',
      [
        string('name', 'Nome'),
        string('code', 'Codice'),
        string('cup', 'CUP', { pattern: ['^[A-Z0-9]{15}$', 'Un CUP: 15 lettere maiuscole e cifre'] }),
        day('startsOn', 'Inizio'),
        day('endsOn', 'Fine'),
        euros('programmed', 'Programmato'),
        euros('admitted', 'Ammesso'),
        euros('committed', 'Impegnato'),
        euros('paid', 'Pagato'),
        list('relatedActions', 'Azioni collegate', source(), { ...optional, summary: '{{fields.title}}' }),
        list('sources', 'Fonti', source(), { ...optional, summary: '{{fields.title}}' }),
      ],
      { ...optional, hint: 'Solo per la pagina Trasparenza.' },
    ),
    object(
      'feedback',
      'Segnalazioni',
      [string('email', 'E-mail', { pattern: ['^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$', 'Un indirizzo e-mail'] }), text('note', 'Nota', optional)],
      {
        ...optional,
        hint: 'Solo per la dichiarazione di accessibilità: dove scrivere.',
      },
    ),
    body(),
  ],
};

const englishText = (name: string, label: string, options: Options = {}) => text(name, label, options);
const inItalianOrder = (name: string, label: string, what: string): CmsField =>
  stringList(name, label, { ...optional, hint: `Una riga per ${what}, nello stesso ordine e nello stesso numero della voce italiana.` });

export const collections: CmsCollection[] = [
  italian(campaigns),
  english(campaigns, [
    string('title', 'Title'),
    summary('summary', 'Summary'),
    alt('coverAlt', 'Cover alt text'),
    inItalianOrder('galleryAlts', 'Gallery alt texts', 'immagine della galleria'),
    inItalianOrder('budget', 'Budget lines', 'voce di spesa'),
    englishText('otherWaysToGive', 'Other ways to give', optional),
    englishText('historyOutcome', 'Known outcome (historical campaigns)', optional),
    body('Description'),
  ]),
  italian(updates),
  english(updates, [string('title', 'Title'), summary('summary', 'Summary'), body('Text')]),
  italian(infodays),
  english(infodays, [string('title', 'Title'), summary('summary', 'Summary'), string('placeName', 'Place name', optional), body('Text')]),
  italian(calls),
  english(calls, [
    string('title', 'Title'),
    summary('summary', 'Summary'),
    englishText('poolNote', 'Note on the pool', optional),
    inItalianOrder('documents', 'Document titles', 'documento'),
    body('Text'),
  ]),
  italian(organisations),
  english(organisations, [string('legalForm', 'Legal form', optional), string('logoAlt', 'Logo alt text', optional), body('Presentation')]),
  italian(paths),
  english(paths, [
    string('title', 'Title'),
    summary('summary', 'Summary'),
    inItalianOrder('sessions', 'Session topics', 'incontro'),
    inItalianOrder('materials', 'Material titles', 'materiale'),
    string('placeName', 'Place name', optional),
    body('Text'),
  ]),
  italian(pages),
  english(pages, [
    string('title', 'Title'),
    summary('description', 'Description'),
    englishText('feedbackNote', 'Feedback note', optional),
    body('Text'),
  ]),
];

export interface CmsConfigOptions {
  /** owner/name of the GitHub repository editors publish to. */
  repo: string;
  branch: string;
  /** The site's address, for the "view on site" links and deploy previews. */
  siteUrl: string;
  /** OAuth provider (https://api.netlify.com by default: Netlify's OAuth provider for GitHub). */
  authBaseUrl?: string;
}

export function cmsConfig(options: CmsConfigOptions) {
  return {
    locale: 'it',
    backend: {
      name: 'github',
      repo: options.repo,
      branch: options.branch,
      // The GitHub API through our own origin (netlify.toml proxies it), so the admin's policy names no third party.
      api_root: '/admin/github-api',
      ...(options.authBaseUrl ? { base_url: options.authBaseUrl } : {}),
      squash_merges: true,
      commit_messages: {
        create: 'Crea {{collection}} «{{slug}}»',
        update: 'Aggiorna {{collection}} «{{slug}}»',
        delete: 'Elimina {{collection}} «{{slug}}»',
        uploadMedia: 'Carica «{{path}}»',
        deleteMedia: 'Elimina «{{path}}»',
      },
    },
    // On localhost, `npm run cms` runs decap-server: files are written in place, with no account (simple mode).
    local_backend: true,
    publish_mode: 'editorial_workflow',
    site_url: options.siteUrl,
    display_url: options.siteUrl,
    logo_url: '/favicon.svg',
    show_preview_links: true,
    media_folder: 'public/immagini',
    public_folder: '/immagini',
    slug: SLUG,
    editor: { preview: true },
    collections,
  };
}

/**
 * Fields the schema lets go empty only in a few cases (a historical campaign has no goal) and whose hint says
 * so («Obbligatorio, tranne…»): Decap would label them «(opzionale)», which tells an editor the opposite of
 * what a live campaign needs. The editor's page hides that word for these fields by name.
 */
export function requiredInMostCases(fields: readonly CmsField[] = collections.flatMap((collection) => collection.fields)): string[] {
  const names = new Set<string>();
  const visit = (field: CmsField) => {
    if (field.required === false && typeof field.hint === 'string' && /\bObbligatori[oa]\b/.test(field.hint)) names.add(field.name);
    if (Array.isArray(field['fields'])) (field['fields'] as CmsField[]).forEach(visit);
  };
  fields.forEach(visit);
  return [...names].sort();
}
