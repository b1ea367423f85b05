import type { z } from 'zod';
import type { ItemRecord, StepOutcome } from '../model/item-record.js';
import type { ItemJobName } from './item-flow.js';
import {
  audioJobDetailSchema,
  ocrJobDetailSchema,
  transcriptJobDetailSchema,
} from './item-job-result.js';
import { JobName } from './names.js';

const detailSchemaOf = {
  [JobName.NormaliseAudio]: audioJobDetailSchema,
  [JobName.OcrPage]: ocrJobDetailSchema,
  [JobName.ParseTranscript]: transcriptJobDetailSchema,
} as const satisfies Record<ItemJobName, z.ZodObject>;

/** What processing job `J` measured, as item.json keeps it in its outcome's `result`. */
export type JobDetail = { [J in ItemJobName]: z.infer<(typeof detailSchemaOf)[J]> };

/** A processing job's outcome as item.json records it, its result read by the job contract. */
export interface RecordedJob<J extends ItemJobName> {
  name: J;
  asset: string;
  status: StepOutcome['status'];
  detail?: string;
  /**
   * Absent when the job recorded none (it failed). Each field is read on its own by
   * the contract's schema and left out when it does not fit: item.json files written
   * by earlier versions may lack a field or hold another shape of it, and stay
   * readable; a reader then finds that field missing (no OCR text to index, no
   * training copy to export) while the others still serve, as when each reader
   * parsed only the fields it used.
   */
  result?: Partial<JobDetail[J]>;
}

/** Every outcome item.json records for job `name`. */
export function recordedJobs<J extends ItemJobName>(record: ItemRecord, name: J): RecordedJob<J>[] {
  const schema: z.ZodObject = detailSchemaOf[name];
  return record.steps
    .filter((outcome) => outcome.step === name)
    .map((outcome) => ({
      name,
      asset: outcome.asset,
      status: outcome.status,
      detail: outcome.detail,
      // Indexing by a generic name widens the schema to any of them; `name`'s was read.
      result: outcome.result && (readFields(schema, outcome.result) as Partial<JobDetail[J]>),
    }));
}

/** The outcome item.json records for job `name` on `asset`, if any. */
export function recordedJob<J extends ItemJobName>(
  record: ItemRecord,
  name: J,
  asset: string,
): RecordedJob<J> | undefined {
  return recordedJobs(record, name).find((outcome) => outcome.asset === asset);
}

/** The fields of `stored` that fit `schema`, each parsed on its own; others are kept as stored. */
function readFields(schema: z.ZodObject, stored: Record<string, unknown>): Record<string, unknown> {
  const read: Record<string, unknown> = { ...stored };
  for (const [key, field] of Object.entries(schema.shape)) {
    const parsed = field.safeParse(stored[key]);
    if (parsed.success) read[key] = parsed.data;
    else delete read[key];
  }
  return read;
}
