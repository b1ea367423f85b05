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

export function useCollections() {
  return useQuery({
    queryKey: ['collections'],
    queryFn: ({ signal }) => api.fetchCollections(signal),
  });
}

export function useItem(id: string) {
  return useQuery({ queryKey: ['item', id], queryFn: ({ signal }) => api.fetchItem(id, signal) });
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

export function useDeposit(id: string) {
  return useQuery({
    queryKey: ['deposit', id],
    queryFn: ({ signal }) => api.fetchDeposit(id, signal),
  });
}

export function useCreateDeposit() {
  return useMutation({ mutationFn: (collection: string) => api.createDeposit(collection) });
}

/** Checking or ingesting changes the deposit: its answer is read again. */
export function useCheckDeposit(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (manifest?: string) => api.checkDeposit(id, manifest),
    onSettled: () => client.invalidateQueries({ queryKey: ['deposit', id] }),
  });
}

export function useIngestDeposit(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => api.ingestDeposit(id),
    onSuccess: (deposit) => client.setQueryData(['deposit', id], deposit),
    onSettled: () => client.invalidateQueries({ queryKey: ['deposit', id] }),
  });
}

/** The queues are read again every few seconds while the page is open. */
export function useJobs() {
  return useQuery({
    queryKey: ['jobs'],
    queryFn: ({ signal }) => api.fetchJobs(signal),
    refetchInterval: 5_000,
  });
}

export function useReadiness() {
  return useQuery({
    queryKey: ['ready'],
    queryFn: ({ signal }) => api.fetchReadiness(signal),
    refetchInterval: 10_000,
  });
}

export function useRetryJobs() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: api.retryJobs,
    onSettled: () => client.invalidateQueries({ queryKey: ['jobs'] }),
  });
}
