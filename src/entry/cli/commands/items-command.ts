import type { z } from 'zod';
import { UnknownItemError } from '../../../archive/item-version.js';
import type { Settings } from '../../../infra/config/settings-schema.js';
import {
  accessProtocolSchema,
  accessProtocols,
  consentUseSchema,
  consentUses,
} from '../../../model/access.js';
import { normaliseArchivalDate } from '../../../model/archival-date.js';
import { identifierSchema } from '../../../model/identifier.js';
import { splitCell } from '../../../usecases/ingest/manifest/manifest-columns.js';
import {
  changeItem,
  type ItemChangeRequest,
  ProtectionLoweringError,
} from '../../../usecases/items/change-item.js';
import { openServices } from '../../services.js';
import { ExitCode, UsageError } from '../exit-codes.js';
import type { Output } from '../output.js';

import { type ActingOptions, actingPerson } from './acting-user.js';
import { defaultAuthor } from './annotation-options.js';
import { checkItemAccess } from './item-access.js';

export interface ItemsChangeOptions extends ActingOptions {
  access?: string;
  /** Consented uses, `,`- or `;`-separated, replacing the current ones. */
  consent?: string;
  withdrawConsent?: boolean;
  restoreConsent?: boolean;
  consentedBy?: string;
  consentDate?: string;
  collection?: string;
  reason?: string;
  author?: string;
  lowerProtection?: boolean;
}

/**
 * `heritage items change <id> --access P --consent uses --collection C --reason ...`:
 * the one way an item's collection, access protocol or consent changes, recorded as an
 * event; a change that lowers protection needs `--lower-protection`.
 */
export async function itemsChangeCommand(
  id: string,
  options: ItemsChangeOptions,
  settings: Settings,
  output: Output,
): Promise<number> {
  const request = changeRequestOf(id, options);
  const services = await openServices(settings);
  try {
    const who = await actingPerson(services.archive.catalog, options);
    await checkItemAccess(services.archive.catalog, who, id, 'curate');
    const result = await changeItem(services.archive, services.locks, request).catch(
      (error: unknown) => {
        if (error instanceof ProtectionLoweringError || error instanceof UnknownItemError)
          throw new UsageError(error.message);
        throw error;
      },
    );
    if (!result.changed) output.line(`${id} ${result.version}: already so; no version written`);
    for (const [field, change] of Object.entries(result.changes))
      output.line(`${id} ${result.version}: ${field} ${show(change.from)} -> ${show(change.to)}`);
    output.result(result);
    return ExitCode.Ok;
  } finally {
    await services.close();
  }
}

function changeRequestOf(id: string, options: ItemsChangeOptions): ItemChangeRequest {
  const reason = options.reason?.trim();
  if (!reason) throw new UsageError('a change needs --reason "<why>", recorded with it');
  if (options.withdrawConsent && options.restoreConsent)
    throw new UsageError('give --withdraw-consent or --restore-consent, not both');
  const parse = <T>(option: string, value: string, read: (value: string) => T): T => {
    try {
      return read(value);
    } catch (error) {
      throw new UsageError(`${option}: ${(error as Error).message}`);
    }
  };
  const request: ItemChangeRequest = {
    itemId: id,
    reason,
    author: options.author ?? defaultAuthor(),
    lowerProtection: options.lowerProtection ?? false,
  };
  if (options.access !== undefined)
    request.accessProtocol = parse('--access', options.access, (value) =>
      enumValue(accessProtocolSchema, value, accessProtocols),
    );
  if (options.consent !== undefined)
    request.consentUses = parse('--consent', options.consent, (value) =>
      splitCell(value).map((use) =>
        enumValue(consentUseSchema, use.toLowerCase().replace(/[\s_]+/g, '-'), consentUses),
      ),
    );
  if (options.withdrawConsent) request.consentWithdrawn = true;
  if (options.restoreConsent) request.consentWithdrawn = false;
  if (options.consentedBy !== undefined) request.consentedBy = options.consentedBy.normalize('NFC');
  if (options.consentDate !== undefined)
    request.consentDate = parse('--consent-date', options.consentDate, normaliseArchivalDate);
  if (options.collection !== undefined)
    request.collection = parse('--collection', options.collection, (value) => identifierOf(value));
  const changes = Object.keys(request).filter(
    (key) => !['itemId', 'reason', 'author', 'lowerProtection'].includes(key),
  );
  if (changes.length === 0)
    throw new UsageError(
      'nothing to change: give --access, --consent, --withdraw-consent, --restore-consent, --consented-by, --consent-date or --collection',
    );
  return request;
}

function enumValue<T>(schema: z.ZodType<T>, value: string, allowed: readonly string[]): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new Error(`"${value}" is not one of ${allowed.join(', ')}`);
  return parsed.data;
}

function identifierOf(value: string): string {
  const parsed = identifierSchema.safeParse(value);
  if (!parsed.success)
    throw new Error(`"${value}": ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  return parsed.data;
}

function show(value: unknown): string {
  if (value === null || value === undefined) return 'none';
  return Array.isArray(value) ? value.join(', ') || 'none' : String(value);
}
