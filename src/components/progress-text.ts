/** The words of the progress island, from the figures: pure, so the text equivalents are tested. */
import type { Progress } from '../domain/progress.ts';
import { formatEuros } from '../domain/money.ts';

export interface ProgressText {
  raised: string;
  threshold: string;
  cofunding: string;
  total: string;
  time: string;
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

export function describeProgress(p: Progress, entitledCents: number): ProgressText {
  const euros = (cents: number) => formatEuros(cents);
  const missing = Math.max(0, p.thresholdCents - p.raisedCents);
  const cofunding: Record<Progress['cofunding']['status'], string> = {
    none: `Quando i cittadini raggiungono la soglia, il Comune aggiunge ${euros(entitledCents)}.`,
    reserved: `Quota del Comune riservata: ${euros(p.cofunding.cents)}.`,
    granted: `Quota del Comune assegnata: ${euros(p.cofunding.cents)}.`,
    released: `La raccolta è scesa sotto la soglia: la quota del Comune è tornata disponibile per altri progetti.`,
    pool_exhausted:
      p.cofunding.cents > 0
        ? `Il fondo del Comune è quasi esaurito: riservati ${euros(p.cofunding.cents)} su ${euros(entitledCents)}.`
        : `Soglia raggiunta, ma il fondo del Comune per questo avviso è esaurito.`,
  };
  const time: Record<Progress['state'], string> = {
    upcoming: `La raccolta apre il ${new Date(p.opensAt).toLocaleDateString('it-IT', { timeZone: 'Europe/Rome', dateStyle: 'long' })}.`,
    open: p.daysLeft <= 1 ? 'Ultimo giorno per donare.' : `Mancano ${p.daysLeft} giorni alla chiusura.`,
    succeeded: 'Raccolta chiusa: obiettivo della soglia raggiunto.',
    failed: 'Raccolta chiusa: la soglia non è stata raggiunta.',
    cancelled: 'Campagna annullata.',
  };
  return {
    raised: `Raccolti dai cittadini: ${euros(p.raisedCents)} da ${plural(p.donors, 'donazione', 'donazioni')}.`,
    threshold: p.thresholdReached
      ? `Soglia del cofinanziamento (${euros(p.thresholdCents)}) raggiunta.`
      : `Soglia del cofinanziamento: ${euros(p.thresholdCents)}; mancano ${euros(missing)}.`,
    cofunding: cofunding[p.cofunding.status],
    total: `Totale con il Comune: ${euros(p.totalCents)}, il ${p.percent}% dell'obiettivo di ${euros(p.goalCents)}.`,
    time: time[p.state],
  };
}

/** Widths of the bar's segments in percent of the goal, capped so an over-funded bar stays inside. */
export function barSegments(p: Progress): { citizens: number; city: number; threshold: number } {
  const pct = (cents: number) => (p.goalCents > 0 ? (cents * 100) / p.goalCents : 0);
  const citizens = Math.min(100, pct(p.raisedCents));
  return { citizens, city: Math.min(100 - citizens, pct(p.cofunding.cents)), threshold: pct(p.thresholdCents) };
}
