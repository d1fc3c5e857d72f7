export const embed = {
  title: 'Incorpora sul tuo sito',
  intro:
    'Copia questo codice nella pagina del tuo sito: mostra la raccolta aggiornata, o il modulo per donare, e si adatta da solo all’altezza del contenuto.',
  widget: 'Cosa mostrare',
  widgetProgress: 'Avanzamento della raccolta',
  widgetDonate: 'Modulo per donare',
  language: 'Lingua',
  accent: 'Colore principale',
  code: 'Codice da copiare',
  copy: 'Copia il codice',
  copied: 'Codice copiato.',
  copyFailed: 'Non è stato possibile copiare: seleziona il testo e copialo a mano.',
  preview: 'Anteprima',
  showPreview: 'Mostra l’anteprima',
  demoBanner: 'i pagamenti sono simulati e nessun denaro viene raccolto.',
  frameTitle: (kind: 'progress' | 'donate', title: string) => `${kind === 'donate' ? 'Dona a' : 'Raccolta per'} «${title}»`,
};
