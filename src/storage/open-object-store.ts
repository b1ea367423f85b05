import path from 'node:path';
import type { Settings } from '../config/settings-schema.js';
import { FsObjectStore } from './fs-object-store.js';
import type { ObjectStore } from './object-store.js';
import { S3ObjectStore } from './s3-object-store.js';

/** The archive's store: S3 when `settings.s3` is set, otherwise the folder `<dataDir>/archive`. */
export function openObjectStore(settings: Settings): ObjectStore {
  if (settings.s3) return new S3ObjectStore(settings.s3);
  return new FsObjectStore({ root: path.join(settings.dataDir, 'archive') });
}
