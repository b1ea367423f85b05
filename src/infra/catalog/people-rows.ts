import type { PeopleEvent } from '../../model/people-event.js';
import { grantTarget, type PeopleRegister } from '../../model/people-register.js';
import type { Database } from './database.js';

/**
 * Replaces the account, community and grant rows with the register of one people
 * object version. The register is small (people, not items), so it is written whole.
 */
export async function savePeopleRegisterRows(
  db: Database,
  register: PeopleRegister,
  objectVersion: string,
): Promise<void> {
  await deletePeopleRegisterRows(db);
  for (const account of register.accounts) {
    await db.query(
      `INSERT INTO accounts (id, name, password_hash, disabled, language, object_version)
       VALUES ($1, $2, $3, $4, $5, $6)`,
      [
        account.id,
        account.name,
        account.passwordHash,
        account.disabled,
        account.language,
        objectVersion,
      ],
    );
  }
  for (const community of register.communities) {
    await db.query('INSERT INTO communities (id, name) VALUES ($1, $2)', [
      community.id,
      community.name,
    ]);
  }
  for (const [position, { user, grant }] of register.grants.entries()) {
    const target = grantTarget(grant);
    await db.query(
      `INSERT INTO account_grants (account_id, role, target_kind, target, document, position)
       VALUES ($1, $2, $3, $4, $5, $6)`,
      [user, grant.role, target?.kind ?? '', target?.id ?? '', JSON.stringify(grant), position],
    );
  }
}

/** Adds events of the people object; one already there is left as it is. */
export async function savePeopleEventRows(
  db: Database,
  events: readonly PeopleEvent[],
): Promise<void> {
  for (const event of events) {
    await db.query(
      `INSERT INTO people_events (id, occurred_at, agent, action, subject, data)
       VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (id) DO NOTHING`,
      [event.id, event.occurredAt, event.agent, event.action, event.subject, JSON.stringify(event)],
    );
  }
}

async function deletePeopleRegisterRows(db: Database): Promise<void> {
  await db.exec('DELETE FROM account_grants; DELETE FROM accounts; DELETE FROM communities;');
}

/** Empties every people table, for `reindex` to fill again from the people object. */
export async function deletePeopleRows(db: Database): Promise<void> {
  await deletePeopleRegisterRows(db);
  await db.exec('DELETE FROM people_events;');
}
