import { z } from 'zod';

/**
 * OLAC roles (olac-role vocabulary), plus `ritual_master` for the master of
 * ceremonies in Tày *then* rituals, which OLAC has no term for.
 */
export const contributorRoles = [
  'annotator',
  'author',
  'compiler',
  'consultant',
  'data_inputter',
  'depositor',
  'developer',
  'editor',
  'illustrator',
  'interpreter',
  'interviewer',
  'participant',
  'performer',
  'photographer',
  'recorder',
  'researcher',
  'responder',
  'ritual_master',
  'singer',
  'speaker',
  'sponsor',
  'transcriber',
  'translator',
] as const;
export const contributorRoleSchema = z.enum(contributorRoles);
export type ContributorRole = z.infer<typeof contributorRoleSchema>;

export const contributorSchema = z.object({
  /** A name or a pseudonym, as the contributor wishes to be known. */
  name: z.string().min(1),
  role: contributorRoleSchema,
});
export type Contributor = z.infer<typeof contributorSchema>;

/** Accepts the spellings people write in spreadsheets: `Ritual master`, `ritual-master`. */
export function normaliseRole(role: string): string {
  return role
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');
}
