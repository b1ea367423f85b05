import type { ContributorRole } from '../../model/contributor.js';
import type { ItemRecord } from '../../model/item-record.js';
import { speakerPseudonym } from './speaker-pseudonym.js';

/** Who is heard in an item's recordings, as the dataset shows them. */
export interface ItemSpeaker {
  /** The pseudonym, or the name when the item's consent allows names. */
  label: string;
  /** The split group: always the pseudonym, so a person's split does not depend on naming. */
  groupKey: string;
  named: boolean;
}

/** Roles of the voice in a recording, most likely first. */
const VOICE_ROLES: readonly ContributorRole[] = [
  'singer',
  'performer',
  'speaker',
  'ritual_master',
  'participant',
  'responder',
];

/**
 * The principal voice of an item: its first contributor in the most likely voice
 * role. Transcripts do not say who sings each line, so every utterance of the item is
 * given to that person. Undefined when no contributor has a voice role.
 */
export function itemSpeaker(record: ItemRecord, salt: string): ItemSpeaker | undefined {
  const { contributors, consent } = record.item;
  const voice = VOICE_ROLES.map((role) => contributors.find((c) => c.role === role)).find(Boolean);
  if (!voice) return undefined;
  const pseudonym = speakerPseudonym(salt, record.collection.id, voice.name);
  const named = !consent.withdrawn && consent.uses.includes('name-attribution');
  return { label: named ? voice.name : pseudonym, groupKey: pseudonym, named };
}
