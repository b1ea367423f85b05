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

/**
 * Who the CLI acts as when no user is named (`--as`, `HERITAGE_USER`): the admin of the
 * embedded default. The policy asks of it what it asks of any admin.
 */
export const localAdmin: Person = {
  kind: 'account',
  id: 'local-admin',
  name: 'local admin',
  grants: [{ role: 'admin' }],
};
