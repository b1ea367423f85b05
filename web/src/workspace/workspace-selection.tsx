import { createContext, type ReactNode, useContext, useMemo, useState } from 'react';

interface Selection {
  /** Id of the annotation chosen on the waveform, a page or the list. */
  selected: string | undefined;
  select: (id: string | undefined) => void;
}

const SelectionContext = createContext<Selection>({ selected: undefined, select: () => {} });

/** One chosen annotation for the whole workspace, so that the inspector follows any view. */
export function WorkspaceSelectionProvider({ children }: { children: ReactNode }) {
  const [selected, select] = useState<string | undefined>();
  const value = useMemo(() => ({ selected, select }), [selected]);
  return <SelectionContext.Provider value={value}>{children}</SelectionContext.Provider>;
}

export const useWorkspaceSelection = (): Selection => useContext(SelectionContext);
