import { mkdtempSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  DEFAULT_MAX_DOCUMENT_BYTES,
  DocumentFormatError,
  parseEaf,
} from '../../../src/formats/index.js';
import { catchError } from '../../support/catch-error.js';

const minimalEaf =
  '<ANNOTATION_DOCUMENT AUTHOR="" DATE="2024-01-01T00:00:00+07:00" VERSION="3.0"><HEADER/><TIME_ORDER/></ANNOTATION_DOCUMENT>';

const billionLaughs = `<?xml version="1.0"?>
<!DOCTYPE ANNOTATION_DOCUMENT [
  <!ENTITY lol "lol">
  <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
  <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
  <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
  <!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<ANNOTATION_DOCUMENT AUTHOR="&lol9;" DATE="2024-01-01T00:00:00Z" VERSION="3.0"><HEADER/><TIME_ORDER/></ANNOTATION_DOCUMENT>`;

const workDir = mkdtempSync(path.join(tmpdir(), 'heritage-xxe-'));
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

/** A file whose access time moves when anyone reads it (relatime updates atime older than mtime). */
function tripwire(name: string, content: string): string {
  const file = path.join(workDir, name);
  writeFileSync(file, content);
  utimesSync(file, new Date('2000-01-01T00:00:00Z'), new Date('2001-01-01T00:00:00Z'));
  return file;
}
const wasRead = (file: string) => statSync(file).atimeMs !== Date.parse('2000-01-01T00:00:00Z');

describe('hostile XML is refused', () => {
  it('refuses entity expansion (billion laughs) at the DOCTYPE, naming the file and line', () => {
    const error = catchError(() => parseEaf(billionLaughs, { sourceName: 'laughs.eaf' }));
    expect(error).toBeInstanceOf(DocumentFormatError);
    expect(error.message).toMatch(/^laughs\.eaf \(line \d+\): DOCTYPE declarations are refused/);
    expect(error.message).not.toContain('lollol');
  });

  it('refuses an external entity (XXE) and never opens the file it names', () => {
    const secret = tripwire('passwd', 'root:x:0:0:SECRET-MARKER\n');
    const control = tripwire('control', 'read me');
    readFileSync(control);
    const atimeIsTracked = wasRead(control);

    const xxe = `<?xml version="1.0"?>
<!DOCTYPE ANNOTATION_DOCUMENT [ <!ENTITY xxe SYSTEM "file://${secret}"> ]>
<ANNOTATION_DOCUMENT AUTHOR="&xxe;" DATE="2024-01-01T00:00:00Z" VERSION="3.0"><HEADER/><TIME_ORDER/></ANNOTATION_DOCUMENT>`;
    const error = catchError(() => parseEaf(xxe, { sourceName: 'xxe.eaf' }));
    expect(error.message).toMatch(/^xxe\.eaf \(line \d+\): DOCTYPE declarations are refused/);
    expect(error.message).not.toContain('SECRET-MARKER');
    if (atimeIsTracked) expect(wasRead(secret)).toBe(false);
  });

  it('refuses the classic XXE against /etc/passwd as well', () => {
    const xxe = `<!DOCTYPE d [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><ANNOTATION_DOCUMENT AUTHOR="&xxe;"/>`;
    expect(() => parseEaf(xxe, { sourceName: 'passwd.eaf' })).toThrow(
      /DOCTYPE declarations are refused/,
    );
  });

  it('refuses an entity reference that nothing declares', () => {
    const undeclared = minimalEaf.replace('AUTHOR=""', 'AUTHOR="&xxe;"');
    expect(() => parseEaf(undeclared, { sourceName: 'u.eaf' })).toThrow(
      /^u\.eaf \(line 1:\d+\): not well-formed XML/,
    );
  });

  it('refuses a document above the size limit before parsing it', () => {
    expect(DEFAULT_MAX_DOCUMENT_BYTES).toBe(32 * 1024 * 1024);
    const padded = minimalEaf.replace('<HEADER/>', `<HEADER/>${' '.repeat(2048)}`);
    expect(() => parseEaf(padded, { sourceName: 'big.eaf', maxBytes: 1024 })).toThrow(
      /^big\.eaf: document is \d+ bytes, more than the limit of 1024 bytes/,
    );
    expect(
      parseEaf(minimalEaf, { sourceName: 'small.eaf', maxBytes: 1024 }).attributes.version,
    ).toBe('3.0');
  });

  it('refuses encodings other than UTF-8 and UTF-16 and bytes that are not UTF-8', () => {
    const latin1 = `<?xml version="1.0" encoding="ISO-8859-1"?>${minimalEaf}`;
    expect(() => parseEaf(latin1, { sourceName: 'l.eaf' })).toThrow(
      /unsupported encoding "ISO-8859-1"/,
    );
    const invalid = Buffer.concat([
      Buffer.from(minimalEaf.slice(0, 30)),
      Buffer.from([0xc3, 0x28]),
      Buffer.from(minimalEaf.slice(30)),
    ]);
    expect(() => parseEaf(invalid, { sourceName: 'bytes.eaf' })).toThrow(
      /^bytes\.eaf: document is not valid UTF-8/,
    );
  });

  it('refuses absurdly deep nesting instead of exhausting the stack', () => {
    const deep = `<ANNOTATION_DOCUMENT>${'<X>'.repeat(100)}${'</X>'.repeat(100)}</ANNOTATION_DOCUMENT>`;
    expect(() => parseEaf(deep, { sourceName: 'deep.eaf' })).toThrow(
      /nested deeper than 64 levels/,
    );
  });
});
