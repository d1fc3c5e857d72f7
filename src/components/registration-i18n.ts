/** Every word of the registration islands, in Italian (the site's language) and English. Pure: tested and shipped as is. */
import type { Locale } from './i18n.ts';

const it = {
  form: {
    title: 'Iscriviti',
    titlePath: 'Iscrivi la tua organizzazione',
    name: 'Nome e cognome',
    email: 'E-mail',
    organisation: 'Organizzazione (facoltativo)',
    organisationRequired: 'Organizzazione',
    privacyBefore: 'Ho letto l’',
    privacyLink: 'informativa sulla privacy',
    privacyAfter: ' e acconsento al trattamento dei miei dati per questa iscrizione.',
    privacyHref: '/privacy/',
    submit: 'Iscriviti',
    wait: 'Un momento…',
    checkFields: 'Controlla i campi segnalati.',
    notYet: (date: string) => `Le iscrizioni aprono il ${date}.`,
    closed: 'Le iscrizioni sono chiuse.',
    closesOn: (date: string) => `Iscrizioni aperte fino al ${date}.`,
  },
  errors: {
    name: 'Scrivi il tuo nome e cognome.',
    email: 'Scrivi un indirizzo e-mail valido.',
    organisation: 'Scrivi il nome della tua organizzazione: il percorso è per le organizzazioni.',
    privacy: 'Per iscriverti serve il consenso al trattamento dei dati personali.',
    codes: {
      already_registered: 'Questo indirizzo e-mail è già iscritto. Per vedere o annullare l’iscrizione usa il link privato che hai ricevuto.',
      registration_closed: 'Le iscrizioni sono chiuse.',
      consent_required: 'Per iscriverti serve il consenso al trattamento dei dati personali.',
      rate_limited: 'Troppi tentativi da questa connessione: aspetta un minuto e riprova.',
      infoday_not_found: 'Questo incontro non accetta iscrizioni su questa piattaforma.',
      path_not_found: 'Questo percorso non accetta iscrizioni su questa piattaforma.',
      registration_not_found: 'Non troviamo un’iscrizione con questo link. Controlla di averlo copiato per intero.',
    } as Record<string, string>,
    generic: 'Il servizio non ha risposto: riprova tra qualche istante.',
  },
  result: {
    confirmed: 'Iscrizione confermata',
    waitlisted: 'Sei in lista d’attesa',
    cancelled: 'Iscrizione annullata',
    confirmedText: 'Hai un posto. Ti aspettiamo!',
    waitlistedText: (position: number) =>
      `I posti sono esauriti: sei in lista d’attesa, ${position === 1 ? 'al primo posto' : `in posizione ${position}`}. Se qualcuno rinuncia, il posto passa al primo della lista: controlla il tuo stato con il link privato.`,
    cancelledText: 'L’iscrizione è annullata e i tuoi dati sono stati cancellati.',
    onlineLinkByEmail: 'Il link per partecipare arriva solo per e-mail, all’indirizzo che hai indicato: controlla la tua casella (anche lo spam).',
    keepTitle: 'Conserva questo link',
    keepText:
      'È il tuo link privato: con questo vedi lo stato dell’iscrizione e puoi annullarla. Te lo abbiamo inviato anche per e-mail; se lo perdi, dalla pagina del link privato puoi chiederne uno nuovo.',
    copy: 'Copia il link',
    copied: 'Link copiato.',
    copyFailed: 'La copia non è riuscita: seleziona il link e copialo a mano.',
  },
  manage: {
    title: 'La tua iscrizione',
    loading: 'Leggiamo lo stato della tua iscrizione…',
    noToken: 'Questa pagina si apre dal link privato ricevuto all’iscrizione: il link contiene un codice dopo il simbolo #.',
    unreachable: 'Non riusciamo a leggere la tua iscrizione in questo momento: riprova tra poco ricaricando la pagina.',
    event: 'Incontro',
    when: 'Quando',
    status: 'Stato',
    statusNames: { confirmed: 'confermata', waitlisted: 'in lista d’attesa', cancelled: 'annullata' } as Record<string, string>,
    position: 'Posizione in lista',
    cancel: 'Annulla l’iscrizione',
    confirmCancel: 'Vuoi davvero annullare l’iscrizione? Il posto passerà a chi è in lista d’attesa e l’operazione non si può annullare.',
    yesCancel: 'Sì, annulla',
    keep: 'No, mantieni l’iscrizione',
    cancelling: 'Annullamento in corso…',
    eventPage: 'Pagina dell’incontro',
  },
};

type Texts = typeof it;

const en: Texts = {
  form: {
    title: 'Register',
    titlePath: 'Register your organisation',
    name: 'Full name',
    email: 'E-mail',
    organisation: 'Organisation (optional)',
    organisationRequired: 'Organisation',
    privacyBefore: 'I have read the ',
    privacyLink: 'privacy notice',
    privacyAfter: ' and consent to the processing of my data for this registration.',
    privacyHref: '/en/privacy/',
    submit: 'Register',
    wait: 'One moment…',
    checkFields: 'Check the fields marked.',
    notYet: (date: string) => `Registration opens on ${date}.`,
    closed: 'Registration is closed.',
    closesOn: (date: string) => `Registration is open until ${date}.`,
  },
  errors: {
    name: 'Write your full name.',
    email: 'Write a valid e-mail address.',
    organisation: 'Write the name of your organisation: the path is for organisations.',
    privacy: 'Consent to the processing of personal data is needed to register.',
    codes: {
      already_registered: 'This e-mail address is already registered. To see or cancel the registration, use the private link you received.',
      registration_closed: 'Registration is closed.',
      consent_required: 'Consent to the processing of personal data is needed to register.',
      rate_limited: 'Too many attempts from this connection: wait a minute and try again.',
      infoday_not_found: 'This meeting takes no registrations on this platform.',
      path_not_found: 'This path takes no registrations on this platform.',
      registration_not_found: 'We cannot find a registration with this link. Check that you copied all of it.',
    },
    generic: 'The service did not answer: please try again in a moment.',
  },
  result: {
    confirmed: 'Registration confirmed',
    waitlisted: 'You are on the waiting list',
    cancelled: 'Registration cancelled',
    confirmedText: 'You have a place. See you there!',
    waitlistedText: (position: number) =>
      `All places are taken: you are on the waiting list, ${position === 1 ? 'first in line' : `number ${position}`}. If someone cancels, their place goes to the first on the list: check your status with the private link.`,
    cancelledText: 'The registration is cancelled and your data has been deleted.',
    onlineLinkByEmail: 'The link to join comes only by e-mail, to the address you gave: check your inbox (and the spam folder).',
    keepTitle: 'Keep this link',
    keepText:
      'It is your private link: with it you see the status of your registration and can cancel it. We have also e-mailed it to you; if you lose it, you can ask for a new one on the private link’s page.',
    copy: 'Copy the link',
    copied: 'Link copied.',
    copyFailed: 'Copying did not work: select the link and copy it by hand.',
  },
  manage: {
    title: 'Your registration',
    loading: 'Reading the status of your registration…',
    noToken: 'This page opens from the private link you received when registering: the link has a code after the # sign.',
    unreachable: 'We cannot read your registration right now: please reload this page shortly.',
    event: 'Meeting',
    when: 'When',
    status: 'Status',
    statusNames: { confirmed: 'confirmed', waitlisted: 'on the waiting list', cancelled: 'cancelled' },
    position: 'Place in the queue',
    cancel: 'Cancel the registration',
    confirmCancel: 'Do you really want to cancel the registration? Your place will go to whoever is waiting, and this cannot be undone.',
    yesCancel: 'Yes, cancel',
    keep: 'No, keep it',
    cancelling: 'Cancelling…',
    eventPage: 'Page of the meeting',
  },
};

const TEXTS: Record<Locale, Texts> = { it, en };

export function registrationTexts(locale: Locale = 'it'): Texts {
  return TEXTS[locale];
}
