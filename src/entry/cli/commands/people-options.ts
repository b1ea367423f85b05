import type { Grant, Role } from '../../../model/person.js';
import { UsageError } from '../exit-codes.js';

/** A `--reason` that says something. */
export function reasonOf(options: { reason?: string }): string {
  const reason = options.reason?.trim();
  if (!reason) throw new UsageError('--reason: say why the change is made');
  return reason;
}

export interface GrantTargetOptions {
  collection?: string;
  community?: string;
  item?: string;
}

const roles: readonly Role[] = ['admin', 'archivist', 'custodian', 'member', 'researcher'];
/** The target options each role takes (a researcher takes one of the two). */
const targetsOf: Record<Role, (keyof GrantTargetOptions)[]> = {
  admin: [],
  archivist: ['collection'],
  custodian: ['community'],
  member: ['community'],
  researcher: ['item', 'collection'],
};

/** The grant a role and its target options name, or a usage error naming what is wrong. */
export function grantOf(role: string, options: GrantTargetOptions): Grant {
  if (!roles.includes(role as Role)) {
    throw new UsageError(`<role>: "${role}" is not a role (${roles.join(', ')})`);
  }
  const wanted = targetsOf[role as Role];
  const given = (['collection', 'community', 'item'] as const).filter(
    (name) => options[name] !== undefined,
  );
  for (const name of given) {
    if (!wanted.includes(name)) {
      throw new UsageError(
        `--${name}: ${role} ${wanted.length === 0 ? 'takes no target' : `takes ${wanted.map((w) => `--${w}`).join(' or ')}`}`,
      );
    }
  }
  if (wanted.length > 0 && given.length !== 1) {
    throw new UsageError(
      `${wanted.map((w) => `--${w}`).join(' or ')}: ${role} needs ${given.length === 0 ? 'a target' : 'exactly one target'}`,
    );
  }
  const target = given[0] === undefined ? '' : (options[given[0]] ?? '');
  switch (role as Role) {
    case 'admin':
      return { role: 'admin' };
    case 'archivist':
      return { role: 'archivist', collection: target };
    case 'custodian':
      return { role: 'custodian', community: target };
    case 'member':
      return { role: 'member', community: target };
    case 'researcher':
      return given[0] === 'item'
        ? { role: 'researcher', scope: { kind: 'item', item: target } }
        : { role: 'researcher', scope: { kind: 'collection', collection: target } };
  }
}
