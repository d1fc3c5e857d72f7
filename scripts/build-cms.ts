/**
 * Bundles the content editor (Decap CMS, React) into public/admin/: cms.js and the preview stylesheet.
 * Separate from the site's build on purpose: no public page imports any of this, and the Astro build
 * does not depend on React. `npm run build` and `npm run cms` run it first.
 */
import { build } from 'esbuild';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';

const root = process.cwd();
const outdir = join(root, 'public/admin');
await rm(outdir, { recursive: true, force: true });
await mkdir(outdir, { recursive: true });
const started = performance.now();
const result = await build({
  entryPoints: { cms: join(root, 'src/cms/admin.ts'), preview: join(root, 'src/cms/preview.css') },
  outdir,
  bundle: true,
  minify: true,
  format: 'iife',
  target: 'es2022',
  platform: 'browser',
  legalComments: 'linked',
  metafile: true,
  define: { 'process.env.NODE_ENV': '"production"', global: 'globalThis' },
  loader: { '.woff': 'file', '.woff2': 'file', '.svg': 'dataurl' },
  assetNames: 'fonts/[name]-[hash]',
  logLevel: 'warning',
});
const sizes = Object.entries(result.metafile.outputs)
  .filter(([file]) => /\.(js|css)$/.test(file))
  .map(([file, { bytes }]) => `${file.replace(`${root}/`, '')} ${(bytes / 1024).toFixed(0)} KB`);
console.log(`cms: ${sizes.join(', ')} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
