/** Rows, characters (Unicode code points) and seconds of audio of a split, by language tag. */
export type LanguageCounts = Record<string, { rows: number; characters: number; seconds: number }>;

/** Adds one row in `language` to the counts: its text, and its audio when it has some. */
export function countLanguage(
  counts: LanguageCounts,
  language: string,
  text: string,
  seconds = 0,
): void {
  const entry = counts[language] ?? { rows: 0, characters: 0, seconds: 0 };
  entry.rows += 1;
  entry.characters += [...text].length;
  entry.seconds += seconds;
  counts[language] = entry;
}
