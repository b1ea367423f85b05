/** Names and values fixed by the OCFL 1.1 specification and the extensions heritage uses. */

export const OCFL_VERSION = '1.1';

/** Storage root conformance declaration (NAMASTE): file name and exact contents. */
export const ROOT_NAMASTE_NAME = `0=ocfl_${OCFL_VERSION}`;
export const ROOT_NAMASTE_CONTENT = `ocfl_${OCFL_VERSION}\n`;

/** Object conformance declaration (NAMASTE): file name and exact contents. */
export const OBJECT_NAMASTE_NAME = `0=ocfl_object_${OCFL_VERSION}`;
export const OBJECT_NAMASTE_CONTENT = `ocfl_object_${OCFL_VERSION}\n`;

export const INVENTORY_TYPE = `https://ocfl.io/${OCFL_VERSION}/spec/#inventory`;
export const INVENTORY_NAME = 'inventory.json';
/** Content addressing digest; the sidecar is named after it. */
export const DIGEST_ALGORITHM = 'sha512';
export const INVENTORY_SIDECAR_NAME = `${INVENTORY_NAME}.${DIGEST_ALGORITHM}`;
/** Extra digest recorded in every inventory's `fixity` block. */
export const FIXITY_ALGORITHM = 'sha256';
export const DEFAULT_CONTENT_DIRECTORY = 'content';

export const LAYOUT_FILE_NAME = 'ocfl_layout.json';
export const EXTENSIONS_DIRECTORY = 'extensions';
