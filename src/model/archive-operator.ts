import type { Person } from './person.js';

/**
 * Who the access policy sees when the archive's operators export from the CLI: an
 * admin, so an export reaches what an admin may take out (never secret/sacred).
 */
export const archiveOperator: Person = {
  kind: 'account',
  id: 'archive-operator',
  name: 'archive operator',
  grants: [{ role: 'admin' }],
};
