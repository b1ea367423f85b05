import { describe, expect, it } from 'vitest';
import {
  annotationsToEaf,
  EafSchemaError,
  parseEaf,
  serializeEaf,
} from '../../../src/formats/index.js';
import { catchError } from '../../support/catch-error.js';

const eaf = (
  header: string,
  date = '2024-03-01T09:00:00+07:00',
) => `<?xml version="1.0" encoding="UTF-8"?>
<ANNOTATION_DOCUMENT AUTHOR="" DATE="${date}" FORMAT="3.0" VERSION="3.0">
    <HEADER MEDIA_FILE=""${header}>
        <MEDIA_DESCRIPTOR MEDIA_URL="file:///song.flac" MIME_TYPE="audio/x-flac" TIME_ORIGIN="${header.includes('TIME_UNITS=""') ? '' : '0'}"/>
    </HEADER>
    <TIME_ORDER>
        <TIME_SLOT TIME_SLOT_ID="ts1" TIME_VALUE="100"/>
        <TIME_SLOT TIME_SLOT_ID="ts2" TIME_VALUE="900"/>
    </TIME_ORDER>
    <TIER LINGUISTIC_TYPE_REF="words" TIER_ID="words">
        <ANNOTATION>
            <ALIGNABLE_ANNOTATION ANNOTATION_ID="a1" TIME_SLOT_REF1="ts1" TIME_SLOT_REF2="ts2">
                <ANNOTATION_VALUE>then</ANNOTATION_VALUE>
            </ALIGNABLE_ANNOTATION>
        </ANNOTATION>
    </TIER>
    <LINGUISTIC_TYPE LINGUISTIC_TYPE_ID="words" TIME_ALIGNABLE="true"/>
</ANNOTATION_DOCUMENT>
`;
const read = (xml: string) => parseEaf(xml, { sourceName: 'song.eaf' });

describe('every ELAN document heritage writes meets the EAF 3.0 schema', () => {
  it('refuses to write a DATE that is not a date and time, naming it', () => {
    const error = catchError(() => serializeEaf(read(eaf(' TIME_UNITS="milliseconds"', ''))));
    expect(error).toBeInstanceOf(EafSchemaError);
    expect(error.message).toMatch(/ANNOTATION_DOCUMENT DATE "" is not an xs:dateTime/);
  });

  it('refuses to write an id used twice or a reference that leads nowhere', () => {
    const document = read(eaf(' TIME_UNITS="milliseconds"'));
    const [tier] = document.tiers;
    const [annotation] = tier?.annotations ?? [];
    const [type] = document.linguisticTypes;
    if (!tier || !annotation || !type) throw new Error('the fixture lost its tier');
    tier.annotations.push({ ...annotation, id: 'ts1' });
    type.constraints = 'Time_Subdivision';
    const error = catchError(() => serializeEaf(document)) as EafSchemaError;
    expect(error.problems).toEqual([
      'TIER "words" annotation: id "ts1" is used twice (xs:ID)',
      'LINGUISTIC_TYPE "words" CONSTRAINTS "Time_Subdivision" names no element',
    ]);
  });

  it('leaves out header attributes the schema refuses when exporting, and says so', () => {
    const document = read(eaf(' TIME_UNITS=""'));
    const exported = annotationsToEaf(document, [], {
      asset: 'song.flac',
      exportedBy: 'heritage 0.1.0',
      now: new Date('2025-01-01T00:00:00Z'),
    });
    expect(exported.repairs.map(({ attribute, from, to }) => ({ attribute, from, to }))).toEqual([
      { attribute: 'HEADER TIME_UNITS', from: '', to: undefined },
      { attribute: 'MEDIA_DESCRIPTOR TIME_ORIGIN', from: '', to: undefined },
    ]);
    const xml = serializeEaf(exported.document);
    expect(xml).toContain('<HEADER MEDIA_FILE="">');
    expect(xml).not.toContain('TIME_ORIGIN');
  });
});
