/**
 * N campaigns as an editor would write them for the example call: Markdown bodies of the usual
 * length, budgets that add up to the goal, dates inside the call's window, one cover image each.
 * Seeded, so every run builds the same site.
 */
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { DISTRICTS, SOCIAL_PROBLEMS } from '../../src/content/schemas.ts';
import { REPO } from './project.ts';

export const EXAMPLE_CALL = 'esempio-2026';

/** A small deterministic generator (mulberry32): the same seed gives the same site. */
export function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(random: () => number, items: readonly T[]): T => items[Math.floor(random() * items.length)]!;

const PLACES = [
  'Marghera',
  'Mestre',
  'Favaro',
  'Burano',
  'Murano',
  'Lido',
  'Pellestrina',
  'Carpenedo',
  'Zelarino',
  'Cannaregio',
  'Castello',
  'Dorsoduro',
];
const WHAT = [
  'Orti condivisi',
  'Doposcuola solidale',
  'Biblioteca di strada',
  'Laboratorio di riparazioni',
  'Sportello digitale',
  'Cucina di quartiere',
  'Rive pulite',
  'Musica in corte',
  "Palestra all'aperto",
  'Teatro per ragazzi',
];

const PROJECT = [
  'In uno spazio oggi poco usato vogliamo aprire un punto di incontro per il quartiere, con attività settimanali aperte a tutti e gratuite.',
  'Il progetto nasce dalle richieste raccolte in questi anni dai volontari, che incontrano ogni giorno famiglie e persone sole.',
  'Lavoriamo in rete con la parrocchia, la scuola del quartiere e due associazioni sportive, che mettono a disposizione spazi e persone.',
  'Ogni attività è pensata per essere accessibile: i locali sono al piano terra e i materiali sono disponibili anche a caratteri grandi.',
  'Nei primi sei mesi organizzeremo venti incontri, poi le persone che hanno partecipato potranno proseguire in autonomia.',
  "Tutto il materiale prodotto resterà a disposizione del quartiere con una licenza libera, così altri potranno ripetere l'esperienza.",
];
const PEOPLE = [
  'Il progetto si rivolge soprattutto a chi ha meno occasioni di uscire di casa: persone anziane, famiglie con bambini piccoli, persone con disabilità.',
  'Pensiamo anche a ragazze e ragazzi tra gli 11 e i 17 anni, che nel quartiere hanno pochi luoghi dove stare insieme dopo la scuola.',
  "Le attività sono in italiano semplice e, dove serve, con l'aiuto di mediatrici culturali che parlano bengalese, cinese e rumeno.",
  'Chi non può spostarsi riceverà una visita a domicilio dei volontari, una volta alla settimana, per tutta la durata del progetto.',
];
const FUNDS = [
  'Con la raccolta compriamo i materiali e paghiamo le ore delle persone che guidano le attività; i volontari non ricevono compensi.',
  "Se raggiungiamo metà dell'obiettivo, il Comune aggiunge l'altra metà e possiamo avviare tutte le attività previste.",
  "Pubblicheremo ogni tre mesi un breve resoconto delle spese, con le fatture, sul sito dell'organizzazione.",
  'Quello che avanzerà sarà usato per prolungare le attività anche nella stagione successiva.',
];
const BUDGET_ITEMS = [
  'Materiali e attrezzature',
  'Compensi delle persone che guidano i laboratori',
  'Affitto e pulizia degli spazi',
  'Assicurazione dei volontari',
  'Stampa di guide e locandine',
  'Trasporti e accompagnamento',
  'Piccoli arredi',
];

function paragraphs(random: () => number, pool: readonly string[], count: number): string {
  const chosen = [...pool].sort(() => random() - 0.5).slice(0, count);
  return chosen.join(' ');
}

/** Budget lines in whole euros that add up exactly to `goal`. */
function budget(random: () => number, goal: number): { item: string; amount: number }[] {
  const lines = 3 + Math.floor(random() * 3);
  const items = [...BUDGET_ITEMS].sort(() => random() - 0.5).slice(0, lines);
  const weights = items.map(() => 1 + random() * 3);
  const total = weights.reduce((a, b) => a + b, 0);
  const amounts = weights.map((w) => Math.max(10, Math.floor((goal * w) / total / 10) * 10));
  amounts[amounts.length - 1] = goal - amounts.slice(0, -1).reduce((a, b) => a + b, 0);
  return items.map((item, index) => ({ item, amount: amounts[index]! }));
}

/** The example organisations (those whose file name starts with `esempio-`), or any organisation as a fallback. */
export async function exampleOrganisations(): Promise<string[]> {
  const names = (await readdir(join(REPO, 'content/organisations')))
    .filter((name) => /\.mdx?$/.test(name))
    .map((name) => name.replace(/\.mdx?$/, ''));
  const examples = names.filter((name) => name.startsWith('esempio-'));
  return examples.length > 0 ? examples : names;
}

export function campaignMarkdown(index: number, organisations: readonly string[]): { slug: string; markdown: string } {
  const random = seeded(index + 1);
  const place = pick(random, PLACES);
  const what = pick(random, WHAT);
  const slug = `bench-${String(index).padStart(5, '0')}`;
  const goal = (20 + Math.floor(random() * 81)) * 100; // 2,000-10,000 euros, the call's project cost
  const orgs = [...organisations].sort(() => random() - 0.5).slice(0, 1 + Math.floor(random() * Math.min(2, organisations.length)));
  // Opened between 20 Oct and 20 Nov 2026, closing between Mar and Dec 2027: inside the call's window.
  const opensDay = 20 + Math.floor(random() * 31);
  const opensAt = new Date(Date.UTC(2026, 9, opensDay, 8, 0, 0)).toISOString();
  const closesAt = new Date(Date.UTC(2027, 2 + Math.floor(random() * 9), 15, 21, 59, 59)).toISOString();
  const title = `${what} a ${place} (${index + 1})`;
  const lines = budget(random, goal);
  const frontmatter = [
    `title: ${JSON.stringify(title)}`,
    `summary: ${JSON.stringify(`${what} per le persone di ${place}: attività gratuite tutto l'anno, organizzate da volontari e professionisti del quartiere.`)}`,
    `call: ${EXAMPLE_CALL}`,
    `organisations: [${orgs.join(', ')}]`,
    `district: ${pick(random, DISTRICTS)}`,
    `socialProblem: ${pick(random, SOCIAL_PROBLEMS)}`,
    `goal: ${goal}`,
    'budget:',
    ...lines.flatMap((line) => [`  - item: ${JSON.stringify(line.item)}`, `    amount: ${line.amount}`]),
    `opensAt: ${opensAt}`,
    `closesAt: ${closesAt}`,
    'cover:',
    `  src: ./images/${slug}.jpg`,
    `  alt: ${JSON.stringify(`Illustrazione del progetto ${what.toLowerCase()} a ${place}: forme colorate su uno sfondo chiaro.`)}`,
    'suggestedAmounts: [10, 25, 50, 100]',
  ].join('\n');
  const body = [
    '> Campagna di esempio generata per il benchmark.',
    '',
    '## Il progetto',
    '',
    paragraphs(random, PROJECT, 3),
    '',
    '## A chi serve',
    '',
    paragraphs(random, PEOPLE, 2),
    '',
    '## Come useremo i fondi',
    '',
    paragraphs(random, FUNDS, 2),
  ].join('\n');
  return { slug, markdown: `---\n${frontmatter}\n---\n\n${body}\n` };
}

const COVER_VARIANTS = 24;

/** A few illustration-like covers of the given size (the project's own are 1200x675), drawn once. */
export async function coverVariants(size: { width: number; height: number }): Promise<Buffer[]> {
  const { width, height } = size;
  const covers: Buffer[] = [];
  for (let variant = 0; variant < COVER_VARIANTS; variant++) {
    const random = seeded(1000 + variant);
    const hue = Math.floor(random() * 360);
    const shapes = Array.from({ length: 14 }, () => {
      const x = Math.floor(random() * width);
      const y = Math.floor(random() * height);
      const r = Math.floor((width / 1200) * (30 + random() * 160));
      const color = `hsl(${(hue + Math.floor(random() * 120)) % 360}, ${50 + Math.floor(random() * 40)}%, ${35 + Math.floor(random() * 40)}%)`;
      return random() < 0.5
        ? `<circle cx="${x}" cy="${y}" r="${r}" fill="${color}" opacity="0.85"/>`
        : `<rect x="${x}" y="${y}" width="${r * 2}" height="${r}" rx="12" fill="${color}" opacity="0.85"/>`;
    }).join('');
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">
      <defs><linearGradient id="sky" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="hsl(${hue},60%,85%)"/><stop offset="1" stop-color="hsl(${(hue + 40) % 360},50%,65%)"/></linearGradient></defs>
      <rect width="${width}" height="${height}" fill="url(#sky)"/>${shapes}</svg>`;
    covers.push(await sharp(Buffer.from(svg)).jpeg({ quality: 80, progressive: true }).toBuffer());
  }
  return covers;
}

/**
 * The cover of campaign `slug`: a variant with the slug written in a JPEG comment, so every file
 * is different (no build can share work between campaigns) while decoding costs the same.
 */
export function uniqueCover(variant: Buffer, slug: string): Buffer {
  const comment = Buffer.from(`bench cover ${slug}`);
  const segment = Buffer.alloc(4 + comment.length);
  segment.writeUInt16BE(0xfffe, 0);
  segment.writeUInt16BE(comment.length + 2, 2);
  comment.copy(segment, 4);
  // Right after the SOI marker (FFD8), where any segment may stand.
  return Buffer.concat([variant.subarray(0, 2), segment, variant.subarray(2)]);
}

/** Writes `count` campaigns and their covers into `contentDir/campaigns` (and its images/). */
export async function writeCampaigns(contentDir: string, count: number, covers: Buffer[]): Promise<void> {
  const organisations = await exampleOrganisations();
  const dir = join(contentDir, 'campaigns');
  await mkdir(join(dir, 'images'), { recursive: true });
  const pending: Promise<void>[] = [];
  for (let index = 0; index < count; index++) {
    const { slug, markdown } = campaignMarkdown(index, organisations);
    pending.push(writeFile(join(dir, `${slug}.md`), markdown));
    pending.push(writeFile(join(dir, 'images', `${slug}.jpg`), uniqueCover(covers[index % covers.length]!, slug)));
    if (pending.length >= 256) await Promise.all(pending.splice(0));
  }
  await Promise.all(pending);
}
