import { type SplitName, splitNames } from './export-request.js';

/** The splits that hold something, in the order of `splitNames`. */
export function presentSplits<T>(splits: Partial<Record<SplitName, T>>): [SplitName, T][] {
  return splitNames.flatMap((name) => {
    const split = splits[name];
    return split === undefined ? [] : [[name, split] as [SplitName, T]];
  });
}
