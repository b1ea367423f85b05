/** OCFL 1.1 archive objects over an `ObjectStore`: the public surface of this module. */
export type { ObjectChange } from './commit-version.js';
export type { FileToAdd } from './content-writer.js';
export {
  CommitConflictError,
  InvalidChangeError,
  InvalidLogicalPathError,
  InvalidObjectIdError,
  InventoryError,
  NotInObjectError,
  ObjectNotFoundInRootError,
  OcflError,
  StorageRootError,
} from './errors.js';
export type { VersionMetadata } from './inventory-build.js';
export type { Inventory, InventoryVersion, VersionUser } from './inventory-schema.js';
export type { LogicalFile, LogicalState } from './logical-state.js';
export { assertValidLogicalPath, assertValidObjectId, logicalPathProblem } from './paths.js';
export { type CommitResult, OcflStorageRoot } from './storage-root.js';
export type { VerifyProblem, VerifyReport } from './verify-object.js';
