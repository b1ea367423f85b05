/** One thing wrong with a manifest, located as a person would look for it. */
export interface ManifestProblem {
  file: string;
  /** The spreadsheet row (the header is row 1), or the JSON array index + 1. */
  row?: number;
  column?: string;
  reason: string;
}

export function formatManifestProblem(problem: ManifestProblem): string {
  const where = [
    problem.file,
    problem.row && `row ${problem.row}`,
    problem.column && `column "${problem.column}"`,
  ]
    .filter(Boolean)
    .join(', ');
  return `${where}: ${problem.reason}`;
}

export class ManifestError extends Error {
  constructor(readonly problems: ManifestProblem[]) {
    super(
      `${problems.length} problem${problems.length === 1 ? '' : 's'} in the manifest:\n${problems
        .map((problem) => `  - ${formatManifestProblem(problem)}`)
        .join('\n')}`,
    );
    this.name = 'ManifestError';
  }
}
