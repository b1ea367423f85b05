import { z } from 'zod';
import { inventoryRuleViolations } from './inventory-rules.js';
import { DIGEST_ALGORITHM, INVENTORY_TYPE } from './spec.js';

const sha512Hex = z
  .string()
  .regex(/^[0-9a-f]{128}$/, 'a sha512 digest is 128 lowercase hex digits');
const versionName = z.string().regex(/^v[1-9][0-9]*$/, 'a version name is v1, v2, ... (unpadded)');
const pathList = z.array(z.string()).min(1, 'a digest lists at least one path');

const userSchema = z.strictObject({
  name: z.string().min(1, 'the user name is empty'),
  address: z.string().optional(),
});

const versionSchema = z.strictObject({
  created: z.iso.datetime({ offset: true, message: 'created is not an RFC 3339 date-time' }),
  state: z.record(sha512Hex, pathList),
  message: z.string().optional(),
  user: userSchema.optional(),
});

/**
 * The OCFL 1.1 inventory, restricted to what heritage writes: sha512 content addressing and
 * unpadded version names. Unknown keys are refused, as the specification requires (E102).
 */
export const inventorySchema = z.strictObject({
  id: z.string().min(1, 'the object id is empty'),
  type: z.literal(INVENTORY_TYPE),
  digestAlgorithm: z.literal(DIGEST_ALGORITHM),
  head: versionName,
  contentDirectory: z.string().optional(),
  manifest: z.record(sha512Hex, pathList),
  versions: z.record(versionName, versionSchema),
  fixity: z.record(z.string(), z.record(z.string(), pathList)).optional(),
});

export type Inventory = z.infer<typeof inventorySchema>;
export type InventoryVersion = z.infer<typeof versionSchema>;
export type VersionUser = z.infer<typeof userSchema>;

/** Parses inventory bytes; returns the inventory when it is sound, and every problem found. */
export function checkInventory(bytes: Uint8Array): {
  inventory?: Inventory;
  problems: string[];
} {
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(bytes).toString('utf8'));
  } catch (error) {
    return { problems: [`not valid JSON: ${(error as Error).message}`] };
  }
  const parsed = inventorySchema.safeParse(json);
  if (!parsed.success) {
    return {
      problems: parsed.error.issues.map(
        (issue) => `${issue.path.map(String).join('.') || '(top level)'}: ${issue.message}`,
      ),
    };
  }
  const problems = inventoryRuleViolations(parsed.data);
  return problems.length === 0 ? { inventory: parsed.data, problems } : { problems };
}
