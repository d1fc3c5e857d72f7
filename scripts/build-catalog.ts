// Validates content/ and writes src/generated/catalog.json, the data the functions bundle.
import { writeCatalog, CATALOG_FILE } from '../src/content/load.ts';

try {
  const catalog = await writeCatalog(process.cwd());
  console.log(`${CATALOG_FILE}: ${Object.keys(catalog.calls).length} calls, ${Object.keys(catalog.campaigns).length} campaigns`);
} catch (error) {
  console.error((error as Error).message);
  process.exitCode = 1;
}
