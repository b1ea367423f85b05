/**
 * The item flow: one processing job per original, then `finalise-item`. Its definition
 * lives with the job contract in `src/jobs/`; this re-export is where the top level
 * points to it.
 */
export { buildItemFlow, jobOfRole, PIPELINE_VERSION } from '../src/jobs/item-flow.js';
