/**
 * Text that people type: a name, a message, an organisation, an e-mail address. Control characters have no
 * place in it, and PostgreSQL refuses NUL (U+0000) in any text value, so they are refused here, at the
 * boundary, with a 400 that names the field, instead of failing in the database.
 */
import { z } from 'astro/zod';

// C0 controls and DEL, except tab, line feed and carriage return (a message may span lines).
// eslint-disable-next-line no-control-regex -- control characters are what these find
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;
// eslint-disable-next-line no-control-regex -- control characters are what these find
const CONTROL_OR_BREAK = /[\u0000-\u001F\u007F]/;

export function hasControlCharacters(value: string, options: { multiline?: boolean } = {}): boolean {
  return (options.multiline ? CONTROL : CONTROL_OR_BREAK).test(value);
}

/** A trimmed string of at most `max` characters without control characters (line breaks only if `multiline`). */
export function plainText(options: { max: number; multiline?: boolean; error?: string }) {
  return (
    z
      .string({ error: options.error ?? 'must be text' })
      .refine((value) => !hasControlCharacters(value, options), { error: 'must not contain control characters' })
      // A lone UTF-16 surrogate is not text: the database driver would store it as U+FFFD, silently.
      .refine((value) => value.isWellFormed(), { error: 'must be valid Unicode text' })
      .transform((value) => value.trim())
      .pipe(z.string().max(options.max, { error: `must be at most ${options.max} characters` }))
  );
}
