import { describe, expect, it } from 'vitest';
import { collections } from '../../src/cms/config.ts';
import { DISTRICTS, SOCIAL_PROBLEMS } from '../../src/content/schemas.ts';
import { DISTRICT_LABELS, SOCIAL_PROBLEM_LABELS } from '../../src/i18n/vocabularies.ts';

const selectOptions = (fieldName: string) =>
  collections
    .flatMap((collection) => collection.fields)
    .filter((field) => field.name === fieldName && field.widget === 'select')
    .map((field) => (field as unknown as { options: Array<{ value: string; label: string }> }).options);

describe('one label table per vocabulary', () => {
  it.each([
    ['district', DISTRICTS, DISTRICT_LABELS],
    ['socialProblem', SOCIAL_PROBLEMS, SOCIAL_PROBLEM_LABELS],
  ] as const)('the editor offers every %s with the name the site shows', (fieldName, values, labels) => {
    const lists = selectOptions(fieldName);
    expect(lists.length).toBeGreaterThan(0);
    for (const options of lists) {
      expect(options).toEqual(values.map((value) => ({ value, label: (labels.it as Record<string, string>)[value] })));
    }
  });

  it.each([
    ['districts', DISTRICTS, DISTRICT_LABELS],
    ['social problems', SOCIAL_PROBLEMS, SOCIAL_PROBLEM_LABELS],
  ] as const)('%s have a distinct name in each language', (_, values, labels) => {
    for (const table of [labels.it, labels.en] as Array<Record<string, string>>) {
      const names = values.map((value) => table[value]);
      expect(names.every((name) => typeof name === 'string' && name.length > 0)).toBe(true);
      expect(new Set(names).size).toBe(values.length);
    }
  });
});
