import { decideAccess } from '../../model/access-policy.js';
import { archiveOperator } from '../../model/archive-operator.js';
import type { ItemRecord } from '../../model/item-record.js';
import type { ExportRequest } from './export-request.js';

/**
 * What an export may say about an item it left out:
 * - `named`: the access policy lets this export reach the item (a filter, the licence
 *   or its processing kept it out), so the dataset's requester may see its id;
 * - `counted`: the policy refuses the item to this export (protocol not asked for,
 *   consent withdrawn or not given); the id is a fact about it the requester has no
 *   right to, so only its reason is counted;
 * - `hidden`: secret/sacred. Its titles, names and counts reach only its custodians,
 *   so the dataset says nothing of it, not even a count.
 */
export type ExclusionDisclosure = 'named' | 'counted' | 'hidden';

export function exclusionDisclosure(
  item: ItemRecord['item'],
  request: ExportRequest,
): ExclusionDisclosure {
  if (item.accessProtocol === 'secret-sacred') return 'hidden';
  const access = decideAccess(
    archiveOperator,
    item,
    'ml-training-export',
    request.filters.accessProtocols,
  );
  return access.allowed ? 'named' : 'counted';
}
