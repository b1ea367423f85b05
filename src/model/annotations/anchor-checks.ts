import type { RegionAnchor, TimeAnchor } from './annotation-schema.js';

/** One problem with an anchor, naming the field at fault. */
export interface AnchorIssue {
  field: string;
  message: string;
}

/** Checks a time span against the recording's duration; returns no issues when it fits. */
export function checkTimeSpan(
  anchor: TimeAnchor,
  recording: { durationMs: number },
): AnchorIssue[] {
  const issues: AnchorIssue[] = [];
  if (anchor.endMs < anchor.startMs) {
    issues.push({
      field: 'anchor.endMs',
      message: `ends at ${anchor.endMs} ms, before its start at ${anchor.startMs} ms`,
    });
  }
  if (anchor.startMs > recording.durationMs) {
    issues.push({
      field: 'anchor.startMs',
      message: `starts at ${anchor.startMs} ms, after the end of the recording (${recording.durationMs} ms)`,
    });
  }
  if (anchor.endMs > recording.durationMs) {
    issues.push({
      field: 'anchor.endMs',
      message: `ends at ${anchor.endMs} ms, after the end of the recording (${recording.durationMs} ms)`,
    });
  }
  return issues;
}

/**
 * Checks a region against the scan: the page must exist and the rectangle must lie on
 * it. `page` gives the pixel size of the anchored page; returns no issues when it fits.
 */
export function checkRegion(
  anchor: RegionAnchor,
  scan: { pageCount: number; page: { width: number; height: number } },
): AnchorIssue[] {
  if (anchor.page > scan.pageCount) {
    return [
      {
        field: 'anchor.page',
        message: `page ${anchor.page} does not exist: the scan has ${scan.pageCount} pages`,
      },
    ];
  }
  const issues: AnchorIssue[] = [];
  const { width, height } = scan.page;
  if (anchor.x >= width) {
    issues.push({
      field: 'anchor.x',
      message: `x ${anchor.x} lies outside the page, which is ${width} px wide`,
    });
  } else if (anchor.x + anchor.width > width) {
    issues.push({
      field: 'anchor.width',
      message: `the region reaches x ${anchor.x + anchor.width}, beyond the page width of ${width} px`,
    });
  }
  if (anchor.y >= height) {
    issues.push({
      field: 'anchor.y',
      message: `y ${anchor.y} lies outside the page, which is ${height} px high`,
    });
  } else if (anchor.y + anchor.height > height) {
    issues.push({
      field: 'anchor.height',
      message: `the region reaches y ${anchor.y + anchor.height}, beyond the page height of ${height} px`,
    });
  }
  return issues;
}
