/** Names shared by the editor's configuration and its browser code (kept apart so cms.js does not bundle zod). */

/** Field of the English collections' forms naming the Italian entry they translate; never written to a file. */
export const TRANSLATION_FIELD = 'translationOf';
/** Format of the English collections: front matter without `translationOf` (registered in src/cms/admin.ts). */
export const TRANSLATION_FORMAT = 'frontmatter-translation';
/** Format of the Italian collections: front matter saved as written, but for the fields the editor changed. */
export const KEPT_FORMAT = 'frontmatter-as-written';
/**
 * Where each entry's data carries the text it was read from, so that saving can change only what the form
 * changed (Decap hands a format's toFile the data alone). Not a field of any form; never written to a file.
 */
export const SOURCE_FIELD = '__source';
