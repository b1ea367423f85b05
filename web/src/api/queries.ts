import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import * as api from './client';
import type { Caller } from './types';

/** The react-query hooks of the API: one key per resource, so sign-in and sign-out can drop them all. */

export const meKey = ['me'] as const;

export function useMe() {
  return useQuery({ queryKey: meKey, queryFn: ({ signal }) => api.fetchMe(signal) });
}

export function useItems(filters: api.ItemFilters) {
  return useQuery({
    queryKey: ['items', filters],
    queryFn: ({ signal }) => api.fetchItems(filters, signal),
  });
}

export function useItem(id: string) {
  return useQuery({ queryKey: ['item', id], queryFn: ({ signal }) => api.fetchItem(id, signal) });
}

export function useAnnotations(id: string) {
  return useQuery({
    queryKey: ['annotations', id],
    queryFn: ({ signal }) => api.fetchAnnotations(id, signal),
  });
}

export function useWaveform(id: string, recording: string | undefined, track: number) {
  return useQuery({
    queryKey: ['waveform', id, recording, track],
    queryFn: ({ signal }) => api.fetchWaveform(id, recording ?? '', track, signal),
    enabled: recording !== undefined,
    // A missing waveform (not processed yet) or a refusal will not change by asking again.
    retry: false,
  });
}

export function usePageLayout(id: string, scan: string | undefined, page: number) {
  return useQuery({
    queryKey: ['page-layout', id, scan, page],
    queryFn: ({ signal }) => api.fetchPageLayout(id, scan ?? '', page, signal),
    enabled: scan !== undefined,
    retry: false,
  });
}

export function useSearch(words: string) {
  return useQuery({
    queryKey: ['search', words],
    queryFn: ({ signal }) => api.search(words, signal),
    enabled: words.trim() !== '',
  });
}

/**
 * Signing in or out changes what the API shows: every other answer held is dropped,
 * so nothing seen under one person stays on screen for the next.
 */
export function useSignIn() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ user, password }: { user: string; password: string }) =>
      api.signIn(user, password),
    onSuccess: ({ expiresAt: _expires, ...me }) => {
      client.removeQueries({ predicate: (query) => query.queryKey[0] !== meKey[0] });
      client.setQueryData<Caller>(meKey, me);
    },
  });
}

export function useSignOut() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: api.signOut,
    onSettled: () => {
      client.removeQueries({ predicate: (query) => query.queryKey[0] !== meKey[0] });
      client.setQueryData<Caller>(meKey, { kind: 'public' });
    },
  });
}
