/** The console's words in both languages. */
import type { Locale } from '../../site/i18n.ts';

const it = {
  lang: 'it',
  console: 'Gestione',
  site: 'Crowdfunding civico · Comune di Venezia',
  skip: 'Vai al contenuto',
  nav: {
    home: 'Campagne', reconciliation: 'Riconciliazione', registrations: 'Iscrizioni', donors: 'Donatori', organisations: 'Organizzazioni',
    mail: 'E-mail non consegnate', people: 'Persone', audit: 'Registro delle azioni',
  },
  otherLanguage: 'English',
  signedInAs: 'Accesso come',
  signOut: 'Esci',
  signOutEverywhere: 'Esci da tutti i dispositivi',
  signIn: {
    title: 'Accesso alla gestione',
    intro: 'Scrivi il tuo indirizzo e-mail: se ha accesso alla gestione, riceverai un link che vale 15 minuti e una sola volta.',
    email: 'Indirizzo e-mail',
    submit: 'Inviami il link',
    sentTitle: 'Controlla la posta',
    sent: 'Se l’indirizzo ha accesso alla gestione, ti abbiamo inviato un link per entrare. Vale 15 minuti e una sola volta.',
    confirmTitle: 'Conferma l’accesso',
    confirm: 'Premi il pulsante per entrare nella gestione.',
    confirmSubmit: 'Entra',
    refused: 'Questo link non vale più: i link funzionano una sola volta e per poco tempo. Chiedine uno nuovo.',
    again: 'Chiedi un nuovo link',
    invalidEmail: 'Scrivi un indirizzo e-mail valido.',
  },
  roles: { admin: 'Amministratore del Comune', org_member: 'Organizzazione', auditor: 'Revisore (sola lettura)' },
  campaigns: {
    title: 'Campagne', campaign: 'Campagna', organisations: 'Organizzazioni', state: 'Stato', raised: 'Raccolto dai cittadini', donors: 'Donatori',
    goal: 'Obiettivo', cityShare: 'Quota del Comune', none: 'Nessuna campagna da mostrare.',
  },
  donations: {
    title: 'Donazioni', search: 'Cerca (nome, e-mail, codice della donazione)', searchSubmit: 'Cerca', csv: 'Scarica le donazioni (CSV)',
    when: 'Data', status: 'Stato', amount: 'Importo', donor: 'Donatore', email: 'E-mail', none: 'Nessuna donazione trovata.', shown: 'donazioni mostrate',
    anonymous: 'anonimo', erased: 'dati cancellati',
  },
  reconciliation: {
    title: 'Riconciliazione', differences: 'Differenze', openItems: 'Voci aperte', noDifferences: 'Nessuna differenza: ogni cifra torna.',
    noOpenItems: 'Nessuna voce aperta.', period: 'Periodo', stripe: 'Stripe', lastRun: 'Ultimo controllo notturno', scope: 'Ambito',
    subject: 'Oggetto', field: 'Campo', expected: 'Atteso', actual: 'Registrato', cause: 'Causa', kind: 'Tipo', pledge: 'Donazione', note: 'Nota', never: 'mai',
  },
  registrations: {
    title: 'Iscrizioni', infodays: 'Infoday', paths: 'Percorsi', csv: 'Scarica le iscrizioni (CSV)', status: 'Stato', name: 'Nome', email: 'E-mail',
    organisation: 'Organizzazione', position: 'In attesa n.', cancel: 'Annulla l’iscrizione', none: 'Nessuna iscrizione.', cancelled: 'Iscrizione annullata.',
    open: 'apri',
  },
  donors: {
    title: 'Dimentica un donatore', intro: 'Cancella nome, e-mail, codice fiscale e messaggio da ogni donazione di quella persona (GDPR). Gli importi non cambiano. Stripe conserva la propria copia: va cancellata nel Dashboard di Stripe.',
    email: 'E-mail del donatore', pledgeId: 'oppure il codice di una donazione', submit: 'Cancella i dati personali', done: 'Dati cancellati da {n} donazioni.',
  },
  organisations: {
    title: 'Organizzazioni', slug: 'Organizzazione', campaigns: 'Campagne', payouts: 'Pagamenti (Stripe Connect)', demo: 'modalità dimostrativa: nessun conto Stripe',
    none: 'nessun conto collegato', onboarding: 'in registrazione', restricted: 'limitato', enabled: 'attivo', due: 'Stripe chiede ancora', onboard: 'Link di registrazione Stripe',
    onboardTitle: 'Registrazione su Stripe', onboardIntro: 'Apri il link per completare la registrazione dell’organizzazione su Stripe. Il link vale pochi minuti e una sola volta: se scade, chiedine un altro.',
    onboardLink: 'Completa la registrazione su Stripe',
    receipts: 'Ricevute', receiptsCsv: 'Registro delle ricevute (CSV)',
  },
  mail: { title: 'E-mail non consegnate', none: 'Nessuna e-mail non consegnata.', when: 'Abbandonata il', kind: 'Messaggio', recipient: 'Destinatario', attempts: 'Tentativi', error: 'Ultimo errore' },
  people: {
    title: 'Persone', email: 'E-mail', name: 'Nome', status: 'Stato', roles: 'Ruoli', active: 'attiva', disabled: 'disattivata', invite: 'Invita una persona',
    role: 'Ruolo', organisations: 'Organizzazioni (solo per il ruolo Organizzazione)', submit: 'Invia l’invito', invited: 'Invito inviato.',
    disable: 'Disattiva', disabledDone: 'Persona disattivata.',
  },
  audit: { title: 'Registro delle azioni', when: 'Quando', who: 'Chi', what: 'Azione', subject: 'Oggetto', where: 'Da dove', details: 'Dettagli' },
  errors: {
    forbidden: 'Non hai accesso a questa pagina.', notFound: 'Pagina non trovata.', badRequest: 'La richiesta non è valida.', csrf: 'Il modulo è scaduto o non viene da questa pagina: ricarica e riprova.',
    rateLimited: 'Troppi tentativi. Attendi qualche minuto e riprova.', back: 'Torna alla gestione',
  },
} as const;

type Words = { [K in keyof typeof it]: (typeof it)[K] extends string ? string : { [L in keyof (typeof it)[K]]: string } };

const en: Words = {
  lang: 'en',
  console: 'Staff console',
  site: 'Civic crowdfunding · City of Venice',
  skip: 'Skip to content',
  nav: {
    home: 'Campaigns', reconciliation: 'Reconciliation', registrations: 'Registrations', donors: 'Donors', organisations: 'Organisations',
    mail: 'Undelivered e-mail', people: 'People', audit: 'Audit log',
  },
  otherLanguage: 'Italiano',
  signedInAs: 'Signed in as',
  signOut: 'Sign out',
  signOutEverywhere: 'Sign out on every device',
  signIn: {
    title: 'Staff sign-in',
    intro: 'Enter your e-mail address: if it has access to the console, you will receive a link that works once, for 15 minutes.',
    email: 'E-mail address',
    submit: 'Send me the link',
    sentTitle: 'Check your e-mail',
    sent: 'If the address has access to the console, we have sent it a sign-in link. It works once, for 15 minutes.',
    confirmTitle: 'Confirm sign-in',
    confirm: 'Press the button to enter the staff console.',
    confirmSubmit: 'Sign in',
    refused: 'This link is not valid any more: links work once and for a short time. Ask for a new one.',
    again: 'Ask for a new link',
    invalidEmail: 'Enter a valid e-mail address.',
  },
  roles: { admin: 'City administrator', org_member: 'Organisation', auditor: 'Auditor (read only)' },
  campaigns: {
    title: 'Campaigns', campaign: 'Campaign', organisations: 'Organisations', state: 'State', raised: 'Raised by citizens', donors: 'Donors',
    goal: 'Goal', cityShare: 'City share', none: 'No campaign to show.',
  },
  donations: {
    title: 'Donations', search: 'Search (name, e-mail, donation id)', searchSubmit: 'Search', csv: 'Download the donations (CSV)',
    when: 'Date', status: 'Status', amount: 'Amount', donor: 'Donor', email: 'E-mail', none: 'No donation found.', shown: 'donations shown',
    anonymous: 'anonymous', erased: 'data erased',
  },
  reconciliation: {
    title: 'Reconciliation', differences: 'Differences', openItems: 'Open items', noDifferences: 'No differences: every figure matches.',
    noOpenItems: 'No open items.', period: 'Period', stripe: 'Stripe', lastRun: 'Last nightly run', scope: 'Scope',
    subject: 'Subject', field: 'Field', expected: 'Expected', actual: 'Recorded', cause: 'Cause', kind: 'Kind', pledge: 'Donation', note: 'Note', never: 'never',
  },
  registrations: {
    title: 'Registrations', infodays: 'Infodays', paths: 'Paths', csv: 'Download the registrations (CSV)', status: 'Status', name: 'Name', email: 'E-mail',
    organisation: 'Organisation', position: 'Waiting no.', cancel: 'Cancel the registration', none: 'No registrations.', cancelled: 'Registration cancelled.',
    open: 'open',
  },
  donors: {
    title: 'Forget a donor', intro: 'Erases name, e-mail, tax code and message from every donation of that person (GDPR). Amounts do not change. Stripe keeps its own copy: redact it in the Stripe Dashboard.',
    email: 'Donor’s e-mail', pledgeId: 'or the id of one donation', submit: 'Erase the personal data', done: 'Data erased from {n} donations.',
  },
  organisations: {
    title: 'Organisations', slug: 'Organisation', campaigns: 'Campaigns', payouts: 'Payouts (Stripe Connect)', demo: 'demo mode: no Stripe account',
    none: 'no connected account', onboarding: 'onboarding', restricted: 'restricted', enabled: 'enabled', due: 'Stripe still needs', onboard: 'Stripe onboarding link',
    onboardTitle: 'Stripe onboarding', onboardIntro: 'Open the link to complete the organisation’s registration with Stripe. It works once, for a few minutes: ask for another one if it expires.',
    onboardLink: 'Complete the registration with Stripe',
    receipts: 'Receipts', receiptsCsv: 'Register of receipts (CSV)',
  },
  mail: { title: 'Undelivered e-mail', none: 'No undelivered e-mail.', when: 'Given up on', kind: 'Message', recipient: 'Recipient', attempts: 'Attempts', error: 'Last error' },
  people: {
    title: 'People', email: 'E-mail', name: 'Name', status: 'Status', roles: 'Roles', active: 'active', disabled: 'disabled', invite: 'Invite someone',
    role: 'Role', organisations: 'Organisations (only for the Organisation role)', submit: 'Send the invitation', invited: 'Invitation sent.',
    disable: 'Disable', disabledDone: 'Person disabled.',
  },
  audit: { title: 'Audit log', when: 'When', who: 'Who', what: 'Action', subject: 'Subject', where: 'From', details: 'Details' },
  errors: {
    forbidden: 'You do not have access to this page.', notFound: 'Page not found.', badRequest: 'The request is not valid.', csrf: 'The form has expired or does not come from this page: reload it and try again.',
    rateLimited: 'Too many attempts. Please wait a few minutes and try again.', back: 'Back to the console',
  },
};

export type ConsoleWords = Words;
export const words = (locale: Locale): ConsoleWords => (locale === 'en' ? en : it);
