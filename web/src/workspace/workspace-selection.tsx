import {
  createContext,
  type Dispatch,
  type ReactNode,
  type SetStateAction,
  useCallback,
  useContext,
  useState,
} from 'react';

type Select = (id: string | undefined) => void;

/** Id of the annotation chosen on the waveform, a page or the list. */
const SelectedContext = createContext<string | undefined>(undefined);
/** Apart from the id, so that parts that only choose are not drawn again at each choice. */
const SelectContext = createContext<Dispatch<SetStateAction<string | undefined>>>(() => {});

/** One chosen annotation for the whole workspace, so that the inspector follows any view. */
export function WorkspaceSelectionProvider({ children }: { children: ReactNode }) {
  const [selected, select] = useState<string | undefined>();
  return (
    <SelectContext.Provider value={select}>
      <SelectedContext.Provider value={selected}>{children}</SelectedContext.Provider>
    </SelectContext.Provider>
  );
}

/** Chooses an annotation; the same function for the whole life of the workspace. */
export const useSelectAnnotation = (): Select => useContext(SelectContext);

/** The chosen annotation and the chooser, for parts that show which one is chosen. */
export const useWorkspaceSelection = (): { selected: string | undefined; select: Select } => ({
  selected: useContext(SelectedContext),
  select: useContext(SelectContext),
});

/**
 * After a save replaced `from` with `to`: the choice moves to the new version if `from`
 * was still chosen, so the inspector shows what was saved, not a version gone by.
 */
export function useFollowReplacement(): (from: string, to: string) => void {
  const select = useContext(SelectContext);
  return useCallback((from, to) => select((chosen) => (chosen === from ? to : chosen)), [select]);
}
