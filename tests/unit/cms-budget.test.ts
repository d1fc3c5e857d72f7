import { describe, expect, it } from 'vitest';
import { budgetSummary, formatAmount } from '../../src/cms/budget.ts';

describe('the budget sum the editor shows under the goal', () => {
  it.each([
    {
      lines: [
        { item: 'a', amount: 1800 },
        { item: 'b', amount: 1200.5 },
      ],
      goal: 3000.5,
      total: 3000.5,
      matches: true,
      says: /\(2 voci\): 3\.?000,50\s€, uguale all'obiettivo/,
    },
    {
      lines: [
        { item: 'a', amount: 1800 },
        { item: 'b', amount: 1200 },
      ],
      goal: 3100,
      total: 3000,
      matches: false,
      says: /3\.?000,00\s€, ma l'obiettivo è 3\.?100,00\s€: devono essere uguali/,
    },
    { lines: [{ item: 'a', amount: 100 }], goal: undefined, total: 100, matches: false, says: /\(1 voce\): 100,00\s€\.$/ },
    { lines: [{ item: 'a' }, { item: 'b', amount: 50 }], goal: 50, total: 50, matches: true, says: /uguale all'obiettivo/ },
    { lines: [{ item: 'a', amount: 10.005 }], goal: 10, total: 0, matches: false, says: /più di due decimali/ },
    { lines: [], goal: 10, total: 0, matches: false, says: /\(0 voci\): 0,00\s€, ma l'obiettivo è 10,00\s€/ },
    // 0.1 + 0.2 in floating point is not 0.3: the sum is taken in cents.
    { lines: [{ amount: 0.1 }, { amount: 0.2 }], goal: 0.3, total: 0.3, matches: true, says: /uguale/ },
  ])('$lines.length lines against a goal of $goal', ({ lines, goal, total, matches, says }) => {
    const summary = budgetSummary(lines, goal);
    expect(summary.total).toBe(total);
    expect(summary.matches).toBe(matches);
    expect(summary.text).toMatch(says);
  });

  it('writes amounts as readers see them, and a dash for what is not an amount in euros', () => {
    expect(formatAmount(2500.5)).toMatch(/^2\.?500,50\s€$/);
    expect(formatAmount(undefined)).toBe('—');
    expect(formatAmount(1.234)).toBe('—');
  });
});

describe('fields required for live entries are not labelled optional', () => {
  it('the goal and closing of a campaign, the pool of a call, the capacity of an infoday are among them; a truly optional field is not', async () => {
    const { requiredInMostCases } = await import('../../src/cms/config.ts');
    const names = requiredInMostCases();
    expect(names).toEqual(expect.arrayContaining(['goal', 'closesAt', 'pool', 'donation', 'fundingModel', 'capacity']));
    expect(names).not.toContain('video');
    expect(names).not.toContain('gallery');
  });
});
