import { z } from 'zod';
import { languageTagSchema, ncNameSchema } from '../../model/annotations/annotation-schema.js';

const labelSchema = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .refine((label) => label === label.normalize('NFC'), { message: 'must be Unicode NFC' });

/** One SKOS-like concept: an id, a label per language, and its broader concepts. */
export const termSchema = z.object({
  id: ncNameSchema,
  labels: z
    .record(languageTagSchema, labelSchema)
    .refine((labels) => Object.keys(labels).length > 0, {
      message: 'needs a label in at least one language',
    }),
  broader: z.array(ncNameSchema).default([]),
});
export type Term = z.infer<typeof termSchema>;

/** A collection's controlled vocabulary: term ids are unique and `broader` forms no cycle. */
export const vocabularySchema = z
  .object({
    id: ncNameSchema,
    collection: z.string().min(1).optional(),
    terms: z.array(termSchema),
  })
  .superRefine((vocabulary, context) => {
    const indexOf = new Map<string, number>();
    vocabulary.terms.forEach((term, index) => {
      if (indexOf.has(term.id)) {
        context.addIssue({
          code: 'custom',
          path: ['terms', index, 'id'],
          message: `repeats term id "${term.id}"`,
        });
      }
      indexOf.set(term.id, index);
    });
    vocabulary.terms.forEach((term, index) => {
      term.broader.forEach((broader, position) => {
        if (!indexOf.has(broader)) {
          context.addIssue({
            code: 'custom',
            path: ['terms', index, 'broader', position],
            message: `names unknown term "${broader}"`,
          });
        }
      });
    });
    const cycle = findBroaderCycle(vocabulary.terms);
    if (cycle) {
      context.addIssue({
        code: 'custom',
        path: ['terms', indexOf.get(cycle[0] ?? '') ?? 0, 'broader'],
        message: `broader terms form a cycle: ${cycle.join(' > ')}`,
      });
    }
  });
export type Vocabulary = z.infer<typeof vocabularySchema>;

/** The first cycle in the broader relation, as a path of term ids, or undefined. */
function findBroaderCycle(terms: readonly Term[]): string[] | undefined {
  const broaderOf = new Map(terms.map((term) => [term.id, term.broader]));
  const state = new Map<string, 'visiting' | 'done'>();
  const path: string[] = [];
  const visit = (id: string): string[] | undefined => {
    if (state.get(id) === 'done') return undefined;
    if (state.get(id) === 'visiting') return [...path.slice(path.indexOf(id)), id];
    state.set(id, 'visiting');
    path.push(id);
    for (const broader of broaderOf.get(id) ?? []) {
      const cycle = visit(broader);
      if (cycle) return cycle;
    }
    path.pop();
    state.set(id, 'done');
    return undefined;
  };
  for (const term of terms) {
    const cycle = visit(term.id);
    if (cycle) return cycle;
  }
  return undefined;
}
