import { useQuery } from '@tanstack/react-query';
import { request } from '../api/client';
import type { AnnotationVersion } from './inspector-fields';

/** Every history of the item's annotations, read again after a save. */
export const itemHistoriesKey = (itemId: string) => ['annotation-history', itemId] as const;
export const historyKey = (itemId: string, annotationId: string) =>
  [...itemHistoriesKey(itemId), annotationId] as const;

/** Every version of the annotation's chain, oldest first, with who wrote each and when. */
export async function fetchAnnotationHistory(
  itemId: string,
  annotationId: string,
  signal?: AbortSignal,
): Promise<AnnotationVersion[]> {
  const answer = await request<{ versions: AnnotationVersion[] }>(
    'GET',
    `/items/${encodeURIComponent(itemId)}/annotations/${encodeURIComponent(annotationId)}/history`,
    { signal },
  );
  return answer.versions;
}

export function useAnnotationHistory(itemId: string, annotationId: string | undefined) {
  return useQuery({
    queryKey: historyKey(itemId, annotationId ?? ''),
    queryFn: ({ signal }) => fetchAnnotationHistory(itemId, annotationId ?? '', signal),
    enabled: annotationId !== undefined,
    retry: false,
  });
}

/** The newest version of a chain: the one an edit must now supersede. */
export const newestOf = (versions: readonly AnnotationVersion[]): AnnotationVersion | undefined =>
  versions[versions.length - 1];
