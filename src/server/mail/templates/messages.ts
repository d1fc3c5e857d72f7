/**
 * Every message the platform sends, as a pure function of its data and the person's language. Links
 * are absolute and public, except the person's own private link (`manageUrl`) and, for confirmed
 * registrants, the online meeting.
 */
import type { Cents } from '../../../domain/money.ts';
import { formatMoney } from '../../../i18n/format.ts';
import { localeTag, type Locale } from '../../../i18n/locale.ts';
import { renderLayout, type Block, type Rendered } from './layout.ts';

export interface CampaignInfo {
  title: string;
  url: string;
}

export interface EventInfo {
  kind: 'infoday' | 'path';
  title: string;
  startsAt: string;
  endsAt: string | null;
  mode: 'in-person' | 'online' | null;
  /** "Name, address" of an in-person event. */
  place: string | null;
  url: string;
}

export type MessageData =
  | {
      kind: 'donation_thanks';
      donorName: string | null;
      campaign: CampaignInfo & {
        thresholdCents: Cents | null;
        entitledCents: Cents | null;
        closesAt: string | null;
        fundingModel: 'keep-it-all' | 'all-or-nothing';
      };
      amountCents: Cents;
      /** The receipt of this donation, once one exists (issue 13). */
      receiptUrl?: string | null;
    }
  | { kind: 'registration_confirmed'; name: string; event: EventInfo; manageUrl: string; onlineLink: string | null; calendarUrl: string }
  | { kind: 'registration_waitlisted'; name: string; event: EventInfo; position: number; manageUrl: string }
  | { kind: 'registration_promoted'; name: string; event: EventInfo; onlineLink: string | null; recoverUrl: string }
  | { kind: 'registration_cancelled'; event: EventInfo }
  | { kind: 'registration_links'; links: ReadonlyArray<{ event: EventInfo; status: 'confirmed' | 'waitlisted'; manageUrl: string }> }
  | { kind: 'campaign_succeeded'; campaign: CampaignInfo; raisedCents: Cents; grantedCents: Cents }
  | { kind: 'campaign_failed'; campaign: CampaignInfo; raisedCents: Cents; refundOnItsWay: boolean }
  | { kind: 'refund_issued'; campaign: CampaignInfo; amountCents: Cents }
  | { kind: 'campaign_update'; campaign: CampaignInfo; update: { title: string; summary: string; url: string }; unsubscribeUrl: string }
  | { kind: 'staff_sign_in'; link: string; expiresAt: string }
  | { kind: 'staff_invitation'; link: string; expiresAt: string; invitedBy: string | null; role: string | null };

export type MessageKind = MessageData['kind'];

const money = (cents: Cents, locale: Locale) => formatMoney(cents, locale);
const when = (iso: string, locale: Locale) =>
  new Intl.DateTimeFormat(localeTag(locale), { dateStyle: 'full', timeStyle: 'short', timeZone: 'Europe/Rome' }).format(new Date(iso));
const day = (iso: string, locale: Locale) =>
  new Intl.DateTimeFormat(localeTag(locale), { dateStyle: 'long', timeZone: 'Europe/Rome' }).format(new Date(iso));

function eventFacts(event: EventInfo, locale: Locale): Block {
  const it = locale === 'it';
  const items: Array<readonly [string, string]> = [[it ? 'Quando' : 'When', when(event.startsAt, locale)]];
  if (event.place) items.push([it ? 'Dove' : 'Where', event.place]);
  else if (event.mode === 'online') items.push([it ? 'Dove' : 'Where', it ? 'Online' : 'Online']);
  return { kind: 'facts', items };
}

const eventNoun = (event: EventInfo, locale: Locale) =>
  event.kind === 'infoday'
    ? locale === 'it'
      ? 'l’infoday'
      : 'the infoday'
    : locale === 'it'
      ? 'il percorso di accompagnamento'
      : 'the accompaniment path';

const hello = (name: string | null, locale: Locale): Block => ({
  kind: 'p',
  text: locale === 'it' ? (name ? `Gentile ${name},` : 'Gentile donatrice, gentile donatore,') : name ? `Dear ${name},` : 'Dear donor,',
});

function onlineBlocks(onlineLink: string | null, event: EventInfo, locale: Locale): Block[] {
  if (event.mode !== 'online') return [];
  if (!onlineLink)
    return [
      {
        kind: 'p',
        text:
          locale === 'it'
            ? 'Il link per partecipare ti arriverà per e-mail prima dell’incontro.'
            : 'The link to join will reach you by e-mail before the meeting.',
      },
    ];
  return [
    {
      kind: 'link',
      label: locale === 'it' ? 'Link per partecipare (personale: non inoltrarlo)' : 'Link to join (personal: do not forward it)',
      url: onlineLink,
    },
  ];
}

function donationThanks(data: Extract<MessageData, { kind: 'donation_thanks' }>, locale: Locale) {
  const it = locale === 'it';
  const { campaign } = data;
  const blocks: Block[] = [
    hello(data.donorName, locale),
    {
      kind: 'p',
      text: it
        ? `grazie: la tua donazione a «${campaign.title}» è stata registrata.`
        : `thank you: your donation to “${campaign.title}” has been recorded.`,
    },
    {
      kind: 'facts',
      items: [
        [it ? 'Campagna' : 'Campaign', campaign.title],
        [it ? 'Importo' : 'Amount', money(data.amountCents, locale)],
      ],
    },
  ];
  if (campaign.thresholdCents !== null && campaign.entitledCents !== null) {
    const by = campaign.closesAt ? (it ? ` entro il ${day(campaign.closesAt, locale)}` : ` by ${day(campaign.closesAt, locale)}`) : '';
    blocks.push({
      kind: 'p',
      text: it
        ? `Se i cittadini raggiungono ${money(campaign.thresholdCents, locale)}${by}, il Comune di Venezia aggiunge la sua quota di cofinanziamento (${money(campaign.entitledCents, locale)}).`
        : `If citizens reach ${money(campaign.thresholdCents, locale)}${by}, the City of Venice adds its co-funding share (${money(campaign.entitledCents, locale)}).`,
    });
    if (campaign.fundingModel === 'all-or-nothing') {
      blocks.push({
        kind: 'p',
        text: it
          ? 'Se la soglia non viene raggiunta, la tua donazione ti viene restituita per intero.'
          : 'If the threshold is not reached, your donation is refunded in full.',
      });
    }
  }
  if (data.receiptUrl)
    blocks.push({ kind: 'link', label: it ? 'La ricevuta della donazione' : 'The receipt of your donation', url: data.receiptUrl });
  blocks.push({ kind: 'link', label: it ? 'Segui la campagna' : 'Follow the campaign', url: campaign.url });
  return {
    subject: it ? `Grazie per la tua donazione a «${campaign.title}»` : `Thank you for your donation to “${campaign.title}”`,
    heading: it ? 'Grazie per la tua donazione' : 'Thank you for your donation',
    blocks,
  };
}

function body(data: MessageData, locale: Locale): { subject: string; heading: string; blocks: Block[]; footer?: Block[] } {
  const it = locale === 'it';
  switch (data.kind) {
    case 'donation_thanks':
      return donationThanks(data, locale);
    case 'registration_confirmed':
      return {
        subject: it ? `Iscrizione confermata: ${data.event.title}` : `Registration confirmed: ${data.event.title}`,
        heading: it ? 'La tua iscrizione è confermata' : 'Your registration is confirmed',
        blocks: [
          hello(data.name, locale),
          {
            kind: 'p',
            text: it
              ? `hai un posto per ${eventNoun(data.event, locale)} «${data.event.title}».`
              : `you have a place at ${eventNoun(data.event, locale)} “${data.event.title}”.`,
          },
          eventFacts(data.event, locale),
          ...onlineBlocks(data.onlineLink, data.event, locale),
          data.event.kind === 'infoday'
            ? {
                kind: 'p',
                text: it ? 'Nel calendario allegato (.ics) trovi data e ora.' : 'The attached calendar file (.ics) has the date and time.',
              }
            : {
                kind: 'link',
                label: it ? 'Il calendario degli incontri (.ics)' : 'The calendar of the sessions (.ics)',
                url: data.calendarUrl,
              },
          {
            kind: 'link',
            label: it ? 'Il tuo link privato: vedi o annulla l’iscrizione' : 'Your private link: see or cancel your registration',
            url: data.manageUrl,
          },
          {
            kind: 'p',
            text: it
              ? 'Il link privato è solo tuo: chi lo ha può annullare l’iscrizione.'
              : 'The private link is yours alone: whoever has it can cancel the registration.',
          },
        ],
      };
    case 'registration_waitlisted':
      return {
        subject: it ? `In lista d’attesa: ${data.event.title}` : `On the waiting list: ${data.event.title}`,
        heading: it ? 'Sei in lista d’attesa' : 'You are on the waiting list',
        blocks: [
          hello(data.name, locale),
          {
            kind: 'p',
            text: it
              ? `i posti per «${data.event.title}» sono esauriti: sei al ${data.position}° posto della lista d’attesa. Se si libera un posto è tuo, e te lo scriviamo.`
              : `the places for “${data.event.title}” are taken: you are number ${data.position} on the waiting list. If a place frees up it is yours, and we will write to you.`,
          },
          eventFacts(data.event, locale),
          {
            kind: 'link',
            label: it ? 'Il tuo link privato: vedi o annulla l’iscrizione' : 'Your private link: see or cancel your registration',
            url: data.manageUrl,
          },
        ],
      };
    case 'registration_promoted':
      return {
        subject: it ? `Si è liberato un posto: ${data.event.title}` : `A place is yours: ${data.event.title}`,
        heading: it ? 'Hai un posto' : 'You have a place',
        blocks: [
          hello(data.name, locale),
          {
            kind: 'p',
            text: it
              ? `si è liberato un posto per «${data.event.title}» ed è tuo: la tua iscrizione ora è confermata.`
              : `a place for “${data.event.title}” has freed up and it is yours: your registration is now confirmed.`,
          },
          eventFacts(data.event, locale),
          ...onlineBlocks(data.onlineLink, data.event, locale),
          {
            kind: 'p',
            text: it
              ? 'Se non puoi più partecipare, annulla con il link privato del primo messaggio, così il posto passa a chi aspetta. Non lo trovi? Chiedine uno nuovo:'
              : 'If you can no longer come, cancel with the private link of the first message, so the place goes to the next person waiting. Lost it? Ask for a new one:',
          },
          { kind: 'link', label: it ? 'Ricevi di nuovo il link privato' : 'Get the private link again', url: data.recoverUrl },
        ],
      };
    case 'registration_cancelled':
      return {
        subject: it ? `Iscrizione annullata: ${data.event.title}` : `Registration cancelled: ${data.event.title}`,
        heading: it ? 'La tua iscrizione è annullata' : 'Your registration is cancelled',
        blocks: [
          {
            kind: 'p',
            text: it
              ? `Come chiesto, la tua iscrizione a «${data.event.title}» è annullata e i tuoi dati sono stati cancellati.`
              : `As asked, your registration for “${data.event.title}” is cancelled and your details have been erased.`,
          },
          {
            kind: 'p',
            text: it
              ? 'Puoi iscriverti di nuovo dalla pagina dell’evento, se ci sono ancora posti.'
              : 'You can register again from the event’s page while places remain.',
          },
          { kind: 'link', label: it ? 'La pagina dell’evento' : 'The event’s page', url: data.event.url },
        ],
      };
    case 'registration_links':
      return {
        subject: it ? 'I tuoi link privati di iscrizione' : 'Your private registration links',
        heading: it ? 'I tuoi link privati' : 'Your private links',
        blocks: [
          {
            kind: 'p',
            text: it
              ? 'Hai chiesto di ricevere di nuovo i link privati delle tue iscrizioni. Ogni link qui sotto sostituisce quello precedente, che non funziona più.'
              : 'You asked for the private links of your registrations again. Each link below replaces the previous one, which no longer works.',
          },
          {
            kind: 'list',
            items: data.links.map((link) => ({
              text: `${link.event.title} (${when(link.event.startsAt, locale)}), ${link.status === 'confirmed' ? (it ? 'confermata' : 'confirmed') : it ? 'in lista d’attesa' : 'on the waiting list'}`,
              url: link.manageUrl,
            })),
          },
          {
            kind: 'p',
            text: it
              ? 'Se non sei stato tu a chiederlo, puoi ignorare questo messaggio.'
              : 'If you did not ask for this, you can ignore this message.',
          },
        ],
      };
    case 'campaign_succeeded':
      return {
        subject: it ? `«${data.campaign.title}» ce l’ha fatta` : `“${data.campaign.title}” made it`,
        heading: it ? 'La campagna che hai sostenuto ce l’ha fatta' : 'The campaign you supported made it',
        blocks: [
          {
            kind: 'p',
            text: it
              ? `La raccolta per «${data.campaign.title}» si è chiusa con successo: grazie anche a te.`
              : `The fundraising for “${data.campaign.title}” has closed successfully, thanks to you too.`,
          },
          {
            kind: 'facts',
            items: [
              [it ? 'Raccolto dai cittadini' : 'Raised by citizens', money(data.raisedCents, locale)],
              [it ? 'Quota del Comune assegnata' : 'City’s share granted', money(data.grantedCents, locale)],
            ],
          },
          { kind: 'link', label: it ? 'La pagina della campagna' : 'The campaign’s page', url: data.campaign.url },
        ],
      };
    case 'campaign_failed':
      return {
        subject: it ? `«${data.campaign.title}» non ha raggiunto la soglia` : `“${data.campaign.title}” did not reach its threshold`,
        heading: it ? 'La campagna non ha raggiunto la soglia' : 'The campaign did not reach its threshold',
        blocks: [
          {
            kind: 'p',
            text: it
              ? `La raccolta per «${data.campaign.title}» si è chiusa con ${money(data.raisedCents, locale)}, sotto la soglia del cofinanziamento: il Comune non aggiunge la sua quota.`
              : `The fundraising for “${data.campaign.title}” closed at ${money(data.raisedCents, locale)}, below the co-funding threshold: the City does not add its share.`,
          },
          {
            kind: 'p',
            text: data.refundOnItsWay
              ? it
                ? 'La tua donazione ti viene restituita per intero sullo stesso metodo di pagamento: riceverai un messaggio quando il rimborso è emesso.'
                : 'Your donation is being refunded in full to the same payment method: you will receive a message when the refund is issued.'
              : it
                ? 'Con questa formula i fondi raccolti restano all’organizzazione, che li usa per il progetto come indicato nella campagna.'
                : 'Under this model the money raised stays with the organisation, which uses it for the project as the campaign describes.',
          },
          { kind: 'link', label: it ? 'La pagina della campagna' : 'The campaign’s page', url: data.campaign.url },
        ],
      };
    case 'refund_issued':
      return {
        subject: it ? `Rimborso emesso: ${data.campaign.title}` : `Refund issued: ${data.campaign.title}`,
        heading: it ? 'Il tuo rimborso è stato emesso' : 'Your refund has been issued',
        blocks: [
          {
            kind: 'p',
            text: it
              ? `Abbiamo emesso un rimborso di ${money(data.amountCents, locale)} per la tua donazione a «${data.campaign.title}». Secondo la banca, l’accredito arriva in 5-10 giorni lavorativi.`
              : `We have issued a refund of ${money(data.amountCents, locale)} for your donation to “${data.campaign.title}”. Depending on your bank, it arrives within 5-10 working days.`,
          },
          { kind: 'link', label: it ? 'La pagina della campagna' : 'The campaign’s page', url: data.campaign.url },
        ],
      };
    case 'campaign_update':
      return {
        subject: it
          ? `Novità da «${data.campaign.title}»: ${data.update.title}`
          : `News from “${data.campaign.title}”: ${data.update.title}`,
        heading: data.update.title,
        blocks: [
          { kind: 'p', text: data.update.summary },
          { kind: 'link', label: it ? 'Leggi la notizia' : 'Read the news', url: data.update.url },
          { kind: 'link', label: it ? 'La pagina della campagna' : 'The campaign’s page', url: data.campaign.url },
        ],
        footer: [
          {
            kind: 'p',
            text: it
              ? 'Ricevi le novità di questa campagna perché lo hai chiesto donando.'
              : 'You receive this campaign’s news because you asked for it when donating.',
          },
          { kind: 'link', label: it ? 'Non ricevere più le novità' : 'Stop receiving the news', url: data.unsubscribeUrl },
        ],
      };
    case 'staff_sign_in':
      return {
        subject: it ? 'Il tuo link di accesso alla console' : 'Your sign-in link to the console',
        heading: it ? 'Accedi alla console' : 'Sign in to the console',
        blocks: [
          {
            kind: 'p',
            text: it
              ? 'Hai chiesto di accedere alla console del Crowdfunding civico. Il link vale una sola volta.'
              : 'You asked to sign in to the civic crowdfunding console. The link works once.',
          },
          { kind: 'link', label: it ? 'Accedi' : 'Sign in', url: data.link },
          {
            kind: 'p',
            text: it
              ? `Scade ${when(data.expiresAt, locale)}. Se non sei stato tu, ignora questo messaggio.`
              : `It expires ${when(data.expiresAt, locale)}. If it was not you, ignore this message.`,
          },
        ],
      };
    case 'staff_invitation':
      return {
        subject: it ? 'Invito alla console del Crowdfunding civico' : 'Invitation to the civic crowdfunding console',
        heading: it ? 'Sei invitato nella console' : 'You are invited to the console',
        blocks: [
          {
            kind: 'p',
            text: it
              ? `${data.invitedBy ?? 'Il Comune'} ti ha invitato nella console del Crowdfunding civico${data.role ? ` (ruolo: ${data.role})` : ''}.`
              : `${data.invitedBy ?? 'The City'} has invited you to the civic crowdfunding console${data.role ? ` (role: ${data.role})` : ''}.`,
          },
          { kind: 'link', label: it ? 'Accetta l’invito' : 'Accept the invitation', url: data.link },
          {
            kind: 'p',
            text: it
              ? `Il link vale una sola volta e scade ${when(data.expiresAt, locale)}.`
              : `The link works once and expires ${when(data.expiresAt, locale)}.`,
          },
        ],
      };
  }
}

export function renderMessage(data: MessageData, locale: Locale, siteUrl: string): Rendered {
  const { subject, heading, blocks, footer } = body(data, locale);
  return renderLayout(locale, { subject, heading, blocks, siteUrl, ...(footer && { footer }) });
}
