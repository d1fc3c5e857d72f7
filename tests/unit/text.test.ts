import { describe, expect, it } from 'vitest';
import { hasControlCharacters, plainText } from '../../src/domain/text.ts';

describe('hasControlCharacters', () => {
  it.each([
    { text: 'Nicolò D’Angelo', multiline: false, expected: false },
    { text: 'a\u0000b', multiline: false, expected: true },
    { text: 'a\u0000b', multiline: true, expected: true },
    { text: 'a\u007fb', multiline: true, expected: true },
    { text: 'a\u001bb', multiline: true, expected: true },
    { text: 'riga\nriga', multiline: false, expected: true },
    { text: 'riga\r\nriga\tfine', multiline: true, expected: false },
    { text: 'emoji 🌱 and \u00a0 no-break space', multiline: false, expected: false },
  ])('$text (multiline: $multiline) -> $expected', ({ text, multiline, expected }) => {
    expect(hasControlCharacters(text, { multiline })).toBe(expected);
  });
});

describe('plainText', () => {
  const name = plainText({ max: 5 });
  it.each([
    { input: '  Ada  ', ok: true, output: 'Ada' },
    { input: 'Ada\u0000', ok: false },
    { input: 'Ad\ud800', ok: false },
    { input: '🌱', ok: true, output: '🌱' },
    { input: 'Lovelace', ok: false },
    { input: 42, ok: false },
  ])('$input', ({ input, ok, output }) => {
    const result = name.safeParse(input);
    expect(result.success).toBe(ok);
    if (ok) expect(result.data).toBe(output);
  });
});
