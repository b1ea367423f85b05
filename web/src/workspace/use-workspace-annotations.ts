import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import { fetchWorkspaceAnnotations } from './annotation-changes';
import { itemHistoriesKey } from './history-query';

export const workspaceKey = (itemId: string) => ['workspace', itemId] as const;

/** The item's current annotations, read again after every save. */
export function useWorkspaceAnnotations(itemId: string) {
  return useQuery({
    queryKey: workspaceKey(itemId),
    queryFn: ({ signal }) => fetchWorkspaceAnnotations(itemId, signal),
  });
}

/** Call after a save: the workspace, the item page and the histories read the annotations again. */
export function useAnnotationsChanged(itemId: string): () => Promise<void> {
  const client = useQueryClient();
  return useCallback(async () => {
    await Promise.all([
      client.invalidateQueries({ queryKey: workspaceKey(itemId) }),
      client.invalidateQueries({ queryKey: ['annotations', itemId] }),
      client.invalidateQueries({ queryKey: ['item', itemId] }),
      client.invalidateQueries({ queryKey: itemHistoriesKey(itemId) }),
    ]);
  }, [client, itemId]);
}
