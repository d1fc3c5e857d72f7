/** What the editor shows about a campaign's budget while it is typed: amounts in euros, as in the files. */
import { eurosToCents, sumCents } from '../domain/money.ts';
import { formatMoney } from '../i18n/format.ts';

export interface BudgetLine {
  item?: string;
  amount?: number;
}

/** Euros typed by the editor, as readers will see them; `null` while the amount is not a valid one. */
export function formatAmount(euros: number | undefined): string {
  const cents = euros === undefined ? null : eurosToCents(euros);
  return cents === null ? '—' : formatMoney(cents);
}

/** The sum of the budget lines in cents, and whether it equals the goal (the build refuses a difference). */
export function budgetSummary(lines: readonly BudgetLine[], goal: number | undefined): { total: number; text: string; matches: boolean } {
  const cents = lines.map((line) => (typeof line.amount === 'number' ? eurosToCents(line.amount) : 0));
  const valid = cents.every((value): value is number => value !== null);
  const totalCents = valid ? sumCents(cents) : 0;
  const total = totalCents / 100;
  const goalCents = goal === undefined ? null : eurosToCents(goal);
  const count = `${lines.length} ${lines.length === 1 ? 'voce' : 'voci'}`;
  if (!valid) return { total, text: `Somma delle voci: un importo ha più di due decimali.`, matches: false };
  if (goalCents === null) return { total, text: `Somma delle voci di spesa (${count}): ${formatMoney(totalCents)}.`, matches: false };
  if (goalCents === totalCents)
    return { total, text: `Somma delle voci di spesa (${count}): ${formatMoney(totalCents)}, uguale all'obiettivo.`, matches: true };
  return {
    total,
    text: `Somma delle voci di spesa (${count}): ${formatMoney(totalCents)}, ma l'obiettivo è ${formatMoney(goalCents)}: devono essere uguali.`,
    matches: false,
  };
}
