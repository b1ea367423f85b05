import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import * as api from './client';
import type { Caller, ExportChoice, Grant } from './types';

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

const annotationsQuery = (id: string) =>
  queryOptions({
    queryKey: ['annotations', id],
    queryFn: ({ signal }) => api.fetchAnnotations(id, signal),
  });

export function useAnnotations(id: string) {
  return useQuery(annotationsQuery(id));
}

const waveformQuery = (
  id: string,
  recording: string | undefined,
  track: number,
  pixels: number | undefined,
) =>
  queryOptions({
    queryKey: ['waveform', id, recording, track, pixels],
    queryFn: ({ signal }) => api.fetchWaveform(id, recording ?? '', track, pixels, signal),
    enabled: recording !== undefined,
    // A missing waveform (not processed yet) or a refusal will not change by asking again.
    retry: false,
  });

/** `pixels`: at most this many peaks, for a view that never zooms in; every stored one without. */
export function useWaveform(
  id: string,
  recording: string | undefined,
  track: number,
  pixels?: number,
) {
  return useQuery(waveformQuery(id, recording, track, pixels));
}

const pageLayoutQuery = (id: string, scan: string | undefined, page: number) =>
  queryOptions({
    queryKey: ['page-layout', id, scan, page],
    queryFn: ({ signal }) => api.fetchPageLayout(id, scan ?? '', page, signal),
    enabled: scan !== undefined,
    retry: false,
  });

export function usePageLayout(id: string, scan: string | undefined, page: number) {
  return useQuery(pageLayoutQuery(id, scan, page));
}

/**
 * Asks for what an item page's media section opens with (the first track's waveform,
 * the annotations, the first scan page's layout) as soon as the item is known, while
 * the section's code (wavesurfer.js, OpenSeadragon) is still loading; the section's own
 * queries then find the answers on their way.
 */
export function usePrefetchItemMedia(
  id: string,
  first: { recording?: string; track: number; pixels: number; scan?: string; page: number },
) {
  const client = useQueryClient();
  const { recording, track, pixels, scan, page } = first;
  useEffect(() => {
    if (recording !== undefined) {
      void client.prefetchQuery(waveformQuery(id, recording, track, pixels));
      void client.prefetchQuery(annotationsQuery(id));
    }
    if (scan !== undefined) void client.prefetchQuery(pageLayoutQuery(id, scan, page));
  }, [client, id, recording, track, pixels, scan, page]);
}

export function useSearch(words: string) {
  return useQuery({
    queryKey: ['search', words],
    queryFn: ({ signal }) => api.search(words, signal),
    enabled: words.trim() !== '',
  });
}

/** What an export of `choice` would hold; asked only once the choice is made (not undefined). */
export function useExportPreview(choice: ExportChoice | undefined) {
  return useQuery({
    queryKey: ['export-preview', choice],
    queryFn: ({ signal }) => api.previewExport(choice as ExportChoice, signal),
    enabled: choice !== undefined,
    retry: false,
  });
}

export function useRunExport() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: api.runExport,
    onSuccess: () => client.invalidateQueries({ queryKey: ['exports'] }),
  });
}

/** A job, asked again every second until it has completed or failed. */
export function useJob(queue: string, id: string | undefined) {
  return useQuery({
    queryKey: ['job', queue, id],
    queryFn: ({ signal }) => api.fetchJob(queue, id as string, signal),
    enabled: id !== undefined,
    refetchInterval: (query) =>
      ['completed', 'failed'].includes(query.state.data?.state ?? '') ? false : 1000,
  });
}

export function useExportHistory() {
  return useQuery({
    queryKey: ['exports'],
    queryFn: ({ signal }) => api.fetchExportHistory(signal),
  });
}

/** Asks for the history again once `finished` turns true: a finished export joins it. */
export function useExportHistoryAfter(finished: boolean) {
  const client = useQueryClient();
  useEffect(() => {
    if (finished) void client.invalidateQueries({ queryKey: ['exports'] });
  }, [finished, client]);
}

export function useExportFolder(name: string | undefined) {
  return useQuery({
    queryKey: ['export-folder', name],
    queryFn: ({ signal }) => api.fetchExportFolder(name as string, signal),
    enabled: name !== undefined,
  });
}

export function usePeople() {
  return useQuery({ queryKey: ['people'], queryFn: ({ signal }) => api.fetchPeople(signal) });
}

export function useCommunities() {
  return useQuery({
    queryKey: ['communities'],
    queryFn: ({ signal }) => api.fetchCommunities(signal),
  });
}

export function useAddPerson() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: api.addPerson,
    onSuccess: () => client.invalidateQueries({ queryKey: ['people'] }),
  });
}

export function useChangeGrant() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({
      change,
      ...body
    }: {
      change: 'give' | 'remove';
      user: string;
      grant: Grant;
      reason: string;
    }) => api.changeGrant(change, body),
    onSuccess: () => client.invalidateQueries({ queryKey: ['people'] }),
  });
}

export function useAccessEvents() {
  return useQuery({
    queryKey: ['access-events'],
    queryFn: ({ signal }) => api.fetchAccessEvents(signal),
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
