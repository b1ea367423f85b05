import { z } from 'zod';

/**
 * Access protocols, from most to least open. `secret-sacred` material never leaves
 * the archive: no public view and no export, whatever the consent says.
 */
export const accessProtocols = ['open', 'community', 'restricted', 'secret-sacred'] as const;
export const accessProtocolSchema = z.enum(accessProtocols);
export type AccessProtocol = z.infer<typeof accessProtocolSchema>;

/** True when `to` protects an item less than `from` does. */
export function isLessProtective(from: AccessProtocol, to: AccessProtocol): boolean {
  return accessProtocols.indexOf(to) < accessProtocols.indexOf(from);
}

/** The uses a consent record can grant. */
export const consentUses = [
  'archive',
  'community-access',
  'public-access',
  'research',
  'ml-training',
  'commercial',
  /** Contributors may be named in what is released (datasets): otherwise they get pseudonyms. */
  'name-attribution',
] as const;
export const consentUseSchema = z.enum(consentUses);
export type ConsentUse = z.infer<typeof consentUseSchema>;

/** Who consented, to which uses, when; a withdrawn consent grants nothing. */
export const consentSchema = z.object({
  consentedBy: z.string().optional(),
  uses: z.array(consentUseSchema).default(['archive']),
  date: z.string().optional(),
  withdrawn: z.boolean().default(false),
  withdrawnDate: z.string().optional(),
  note: z.string().optional(),
});
export type Consent = z.infer<typeof consentSchema>;
