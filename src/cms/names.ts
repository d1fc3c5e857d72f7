/** Names shared by the editor's configuration and its browser code (kept apart so cms.js does not bundle zod). */

/** Field of the English collections' forms naming the Italian entry they translate; never written to a file. */
export const TRANSLATION_FIELD = 'translationOf';
/** Format of the English collections: front matter without `translationOf` (registered in src/cms/admin.ts). */
export const TRANSLATION_FORMAT = 'frontmatter-translation';
