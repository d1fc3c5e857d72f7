export const errors = {
  amountNotNumber: 'Scrivi un importo in euro, per esempio 25 o 25,50.',
  amountRange: (min: string, max: string) => `L'importo deve essere tra ${min} e ${max}.`,
  name: 'Scrivi il tuo nome, oppure scegli di donare in forma anonima.',
  email: 'Scrivi un indirizzo e-mail valido: serve per la ricevuta.',
  privacy: 'Per donare serve il consenso al trattamento dei dati personali.',
  taxCode: 'Il codice fiscale non è valido: 16 caratteri per una persona, 11 cifre per un ente. Puoi anche lasciarlo vuoto.',
  message: 'Il messaggio può essere lungo al massimo 500 caratteri.',
  codes: {
    campaign_not_open: 'Questa campagna non sta raccogliendo donazioni in questo momento.',
    payee_not_ready:
      'Le donazioni online a questa campagna si aprono a breve: l’organizzazione sta completando il suo conto per riceverle. Non è stato addebitato nulla.',
    campaign_not_found: 'Questa campagna non raccoglie donazioni su questa piattaforma.',
    invalid_amount: "L'importo non rientra nei limiti di questa campagna.",
    consent_required: 'Per donare serve il consenso al trattamento dei dati personali.',
    rate_limited: 'Troppi tentativi da questa connessione: aspetta un minuto e riprova.',
    invalid_body: 'Alcuni dati del modulo non sono validi: controllali e riprova. Non è stato addebitato nulla.',
    idempotency_key_reused: 'Qualcosa è cambiato nel modulo: premi di nuovo «Continua».',
  } as Record<string, string>,
  generic: 'Il servizio non ha risposto. Non è stato addebitato nulla: riprova tra qualche istante.',
  paymentGeneric: 'Il pagamento non è andato a buon fine per un problema tecnico. Non è stato addebitato nulla due volte: puoi riprovare.',
};
