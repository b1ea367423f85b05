import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import { ApiError, query, request } from '../api/client';
import type { CollectionVocabulary, VocabularyTerm } from './vocabulary-terms';

export const vocabularyKey = (collection: string) => ['vocabulary', collection] as const;

/** A collection's vocabulary; null when it has none (or none the reader may see). */
export function useVocabulary(collection: string) {
  return useQuery({
    queryKey: vocabularyKey(collection),
    queryFn: async ({ signal }) => {
      try {
        return await request<CollectionVocabulary>(
          'GET',
          `/vocabularies/${encodeURIComponent(collection)}`,
          { signal },
        );
      } catch (error) {
        if (error instanceof ApiError && error.status === 404) return null;
        throw error;
      }
    },
    retry: false,
  });
}

/**
 * Stores the vocabulary with `terms` as its next version, made from `base` (the version
 * read; none for a first vocabulary): the API answers 409 when someone stored another
 * version in between, and the vocabulary is read again either way.
 */
export function useSaveVocabulary(collection: string) {
  const client = useQueryClient();
  return useCallback(
    async (base: CollectionVocabulary | null, terms: VocabularyTerm[]) => {
      try {
        return await request<{ version: string; changed: boolean }>(
          'PUT',
          `/vocabularies/${encodeURIComponent(collection)}${query({
            baseVersion: base?.version,
            name: 'vocabulary.json',
          })}`,
          { body: { id: base?.id ?? `${collection}-terms`, collection, terms } },
        );
      } finally {
        await client.invalidateQueries({ queryKey: vocabularyKey(collection) });
      }
    },
    [client, collection],
  );
}
