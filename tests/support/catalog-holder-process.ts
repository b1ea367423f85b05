/**
 * A second heritage process for the PGlite lock tests: opens the catalog folder given
 * as its argument, records its pid in it, prints `opened` and holds the catalog until
 * its stdin closes. When the open fails it prints the error and exits with code 1.
 */
import { PgliteDatabase } from '../../src/infra/catalog/pglite-database.js';

const folder = process.argv[2];
if (!folder) {
  console.error('usage: catalog-holder-process.ts <catalog folder>');
  process.exit(2);
}

try {
  const database = await PgliteDatabase.open(folder);
  await database.exec('CREATE TABLE IF NOT EXISTS holders (pid integer NOT NULL)');
  await database.query('INSERT INTO holders (pid) VALUES ($1)', [process.pid]);
  console.log('opened');
  process.stdin.resume();
  process.stdin.on('end', () => {
    void database.close().then(() => process.exit(0));
  });
} catch (error) {
  console.error((error as Error).message);
  process.exit(1);
}
