export const result = {
  title: 'Esito della donazione',
  checking: 'Verifichiamo lo stato del pagamento…',
  succeeded: (amount: string) => `Grazie! La tua donazione di ${amount} è confermata.`,
  pending: (amount: string) =>
    `La tua donazione di ${amount} è in lavorazione: questa pagina si aggiorna da sola. Per l’addebito SEPA la conferma può richiedere qualche giorno.`,
  failed: 'Il pagamento non è andato a buon fine e non è stato addebitato nulla. Puoi riprovare dalla pagina della campagna.',
  canceled: 'Il pagamento è stato annullato e non è stato addebitato nulla.',
  missing: 'Non troviamo questa donazione. Se hai ricevuto un addebito, la ricevuta di Stripe nella tua e-mail ne riporta i dati.',
  unreachable: 'Non riusciamo a leggere lo stato del pagamento in questo momento: riprova tra poco ricaricando la pagina.',
  backToCampaign: 'Torna alla campagna',
  statusNames: { pending: 'in lavorazione', succeeded: 'confermata', failed: 'non riuscita', canceled: 'annullata' } as Record<
    string,
    string
  >,
};
