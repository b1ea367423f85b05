/** Numbers, sizes, dates and language names in the reader's language (the platform's Intl). */

/** Languages of the archive that the browser's own list may not name. */
const archiveLanguages: Record<string, string> = {
  tyz: 'Tày',
  nut: 'Nùng',
  tay: 'Tày',
  iii: 'Nuosu',
};

/** ISO 639-3 codes of languages the browser knows by their two-letter code. */
const twoLetter: Record<string, string> = { vie: 'vi', eng: 'en', zho: 'zh', cmn: 'zh', fra: 'fr' };

export function languageName(tag: string, language: string): string {
  const [base = tag, ...rest] = tag.split('-');
  let name = archiveLanguages[base.toLowerCase()];
  if (!name) {
    try {
      const code = twoLetter[base.toLowerCase()] ?? base;
      name = new Intl.DisplayNames([language], { type: 'language' }).of(code) ?? base;
    } catch {
      name = base;
    }
  }
  const script = rest.find((part) => /^[A-Za-z]{4}$/.test(part));
  if (!script) return name;
  try {
    const scriptName = new Intl.DisplayNames([language], { type: 'script' }).of(script);
    return `${name} (${scriptName ?? script})`;
  } catch {
    return `${name} (${script})`;
  }
}

export function fileSize(bytes: number, language: string): string {
  const units = ['byte', 'kilobyte', 'megabyte', 'gigabyte', 'terabyte'] as const;
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit += 1;
  }
  return new Intl.NumberFormat(language, {
    style: 'unit',
    unit: units[unit],
    unitDisplay: 'short',
    maximumFractionDigits: unit === 0 ? 0 : 1,
  }).format(value);
}

export function dateTime(iso: string, language: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeStyle: 'short' }).format(
    date,
  );
}

/** `83.2` seconds as `1:23`. */
export function duration(seconds: number): string {
  const whole = Math.round(seconds);
  const hours = Math.floor(whole / 3600);
  const minutes = Math.floor((whole % 3600) / 60);
  const rest = String(whole % 60).padStart(2, '0');
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${rest}` : `${minutes}:${rest}`;
}

/** A moment of a recording as `1:02.345`, or to the tenth (`1:02.3`) where that is enough. */
export function clockTime(ms: number, decimals: 1 | 3 = 3): string {
  const step = 10 ** (3 - decimals);
  const whole = Math.max(0, Math.round(ms / step)) * step;
  const minutes = Math.floor(whole / 60_000);
  const seconds = ((whole % 60_000) / 1000).toFixed(decimals).padStart(decimals + 3, '0');
  return `${minutes}:${seconds}`;
}

/** The file name of an asset's path, as people know it. */
export const assetName = (asset: string): string => asset.split('/').pop() ?? asset;
