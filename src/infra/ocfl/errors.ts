/** Base class of every error this module raises on purpose. */
export class OcflError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** An object id that heritage refuses to store (empty, control characters, ...). */
export class InvalidObjectIdError extends OcflError {
  constructor(
    readonly objectId: string,
    reason: string,
  ) {
    super(`invalid OCFL object id ${JSON.stringify(objectId)}: ${reason}`);
  }
}

/** A logical path that OCFL or heritage forbids (`..`, leading `/`, empty segment, ...). */
export class InvalidLogicalPathError extends OcflError {
  constructor(
    readonly logicalPath: string,
    reason: string,
  ) {
    super(`invalid logical path ${JSON.stringify(logicalPath)}: ${reason}`);
  }
}

/** A change or version metadata that cannot become a version (bad user, clashing paths, ...). */
export class InvalidChangeError extends OcflError {}

/** The storage root exists but is not one heritage can use (other layout, other OCFL version, ...). */
export class StorageRootError extends OcflError {}

/** No committed object with this id in the storage root. */
export class ObjectNotFoundInRootError extends OcflError {
  constructor(
    readonly objectId: string,
    readonly objectRoot: string,
  ) {
    super(`no OCFL object with id ${JSON.stringify(objectId)} (expected at "${objectRoot}")`);
  }
}

/** A version name or logical path that the object does not have. */
export class NotInObjectError extends OcflError {}

/** An inventory that cannot be trusted: unreadable, malformed, or its sidecar digest disagrees. */
export class InventoryError extends OcflError {
  constructor(
    readonly key: string,
    readonly problems: readonly string[],
  ) {
    super(`invalid inventory "${key}": ${problems.join('; ')}`);
  }
}

/** Another writer committed a version of the same object while this commit was in progress. */
export class CommitConflictError extends OcflError {
  constructor(
    readonly objectId: string,
    readonly expectedHead: string | undefined,
    readonly foundHead: string | undefined,
  ) {
    super(
      `commit conflict on object ${JSON.stringify(objectId)}: head was ${expectedHead ?? '(none)'} ` +
        `when the commit started but is ${foundHead ?? '(none)'} now; nothing was committed`,
    );
  }
}
