import { DOMParser } from '@xmldom/xmldom';
import { describe, expect, it } from 'vitest';
import {
  DocumentFormatError,
  eafToAnnotations,
  parseEaf,
  serializeEaf,
} from '../../../src/formats/index.js';
import { catchError } from '../../support/catch-error.js';

/** A small EAF 2.7 document in the shape ELAN writes, with one vocabulary-bound tier. */
const eaf27 = `<?xml version="1.0" encoding="UTF-8"?>
<ANNOTATION_DOCUMENT AUTHOR="Linh" DATE="2015-07-27T14:55:36+01:00" FORMAT="2.7" VERSION="2.7" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:noNamespaceSchemaLocation="http://www.mpi.nl/tools/elan/EAFv2.7.xsd">
    <HEADER MEDIA_FILE="" TIME_UNITS="milliseconds">
        <MEDIA_DESCRIPTOR MEDIA_URL="file:///then.wav" MIME_TYPE="audio/x-wav" X_CUSTOM="kept"/>
        <PROPERTY NAME="lastUsedAnnotationId">6</PROPERTY>
    </HEADER>
    <TIME_ORDER>
        <TIME_SLOT TIME_SLOT_ID="ts1" TIME_VALUE="1000"/>
        <TIME_SLOT TIME_SLOT_ID="ts2"/>
        <TIME_SLOT TIME_SLOT_ID="ts3"/>
        <TIME_SLOT TIME_SLOT_ID="ts4" TIME_VALUE="4000"/>
    </TIME_ORDER>
    <TIER LINGUISTIC_TYPE_REF="utterance" TIER_ID="lời">
        <ANNOTATION>
            <ALIGNABLE_ANNOTATION ANNOTATION_ID="a1" TIME_SLOT_REF1="ts1" TIME_SLOT_REF2="ts4">
                <ANNOTATION_VALUE>Pây tàng slam</ANNOTATION_VALUE>
            </ALIGNABLE_ANNOTATION>
        </ANNOTATION>
    </TIER>
    <TIER LINGUISTIC_TYPE_REF="words" PARENT_REF="lời" TIER_ID="words">
        <ANNOTATION>
            <ALIGNABLE_ANNOTATION ANNOTATION_ID="a2" TIME_SLOT_REF1="ts1" TIME_SLOT_REF2="ts2">
                <ANNOTATION_VALUE>Pây</ANNOTATION_VALUE>
            </ALIGNABLE_ANNOTATION>
        </ANNOTATION>
        <ANNOTATION>
            <ALIGNABLE_ANNOTATION ANNOTATION_ID="a3" TIME_SLOT_REF1="ts2" TIME_SLOT_REF2="ts3">
                <ANNOTATION_VALUE>tàng</ANNOTATION_VALUE>
            </ALIGNABLE_ANNOTATION>
        </ANNOTATION>
        <ANNOTATION>
            <ALIGNABLE_ANNOTATION ANNOTATION_ID="a4" TIME_SLOT_REF1="ts3" TIME_SLOT_REF2="ts4">
                <ANNOTATION_VALUE>slam</ANNOTATION_VALUE>
            </ALIGNABLE_ANNOTATION>
        </ANNOTATION>
    </TIER>
    <TIER LINGUISTIC_TYPE_REF="pos" PARENT_REF="words" TIER_ID="pos">
        <ANNOTATION>
            <REF_ANNOTATION ANNOTATION_ID="a5" ANNOTATION_REF="a2">
                <ANNOTATION_VALUE>v</ANNOTATION_VALUE>
            </REF_ANNOTATION>
        </ANNOTATION>
        <ANNOTATION>
            <REF_ANNOTATION ANNOTATION_ID="a6" ANNOTATION_REF="a4">
                <ANNOTATION_VALUE>n</ANNOTATION_VALUE>
            </REF_ANNOTATION>
        </ANNOTATION>
    </TIER>
    <LINGUISTIC_TYPE GRAPHIC_REFERENCES="false" LINGUISTIC_TYPE_ID="utterance" TIME_ALIGNABLE="true"/>
    <LINGUISTIC_TYPE CONSTRAINTS="Time_Subdivision" GRAPHIC_REFERENCES="false" LINGUISTIC_TYPE_ID="words" TIME_ALIGNABLE="true"/>
    <LINGUISTIC_TYPE CONSTRAINTS="Symbolic_Association" CONTROLLED_VOCABULARY_REF="POS" GRAPHIC_REFERENCES="false" LINGUISTIC_TYPE_ID="pos" TIME_ALIGNABLE="false"/>
    <CONSTRAINT DESCRIPTION="Time subdivision" STEREOTYPE="Time_Subdivision"/>
    <CONSTRAINT DESCRIPTION="1-1 association" STEREOTYPE="Symbolic_Association"/>
    <CONTROLLED_VOCABULARY CV_ID="POS" DESCRIPTION="Parts of speech">
        <CV_ENTRY DESCRIPTION="verb" EXT_REF="er1">v</CV_ENTRY>
        <CV_ENTRY DESCRIPTION="noun">n</CV_ENTRY>
    </CONTROLLED_VOCABULARY>
    <EXTERNAL_REF EXT_REF_ID="er1" TYPE="iso12620" VALUE="http://www.isocat.org/datcat/DC-1424"/>
</ANNOTATION_DOCUMENT>
`;

const parseDom = (xml: string) => new DOMParser().parseFromString(xml, 'text/xml');

describe('reading EAF', () => {
  it('keeps attributes the model does not know, such as xsi ones and custom ones', () => {
    const document = parseEaf(eaf27, { sourceName: 'song.eaf' });
    expect(document.sourceFormat).toBe('2.7');
    expect(document.attributes.extraAttributes).toEqual({
      'xmlns:xsi': 'http://www.w3.org/2001/XMLSchema-instance',
      'xsi:noNamespaceSchemaLocation': 'http://www.mpi.nl/tools/elan/EAFv2.7.xsd',
    });
    const exported = parseDom(serializeEaf(document));
    expect(exported.getElementsByTagName('MEDIA_DESCRIPTOR')[0]?.getAttribute('X_CUSTOM')).toBe(
      'kept',
    );
  });

  it('upgrades an EAF 2.7 vocabulary to multilingual 3.0 entries in the undetermined language', () => {
    const exported = parseDom(serializeEaf(parseEaf(eaf27, { sourceName: 'song.eaf' })));
    const root = exported.documentElement;
    expect([root?.getAttribute('VERSION'), root?.getAttribute('FORMAT')]).toEqual(['3.0', '3.0']);
    expect(root?.getAttribute('xsi:noNamespaceSchemaLocation')).toBe(
      'http://www.mpi.nl/tools/elan/EAFv3.0.xsd',
    );
    const language = exported.getElementsByTagName('LANGUAGE')[0];
    expect(language?.getAttribute('LANG_ID')).toBe('und');
    const vocabulary = exported.getElementsByTagName('CONTROLLED_VOCABULARY')[0];
    expect(vocabulary?.hasAttribute('DESCRIPTION')).toBe(false);
    const description = vocabulary?.getElementsByTagName('DESCRIPTION')[0];
    expect([description?.getAttribute('LANG_REF'), description?.textContent]).toEqual([
      'und',
      'Parts of speech',
    ]);
    const entries = Array.from(vocabulary?.getElementsByTagName('CV_ENTRY_ML') ?? []).map(
      (entry) => {
        const value = entry.getElementsByTagName('CVE_VALUE')[0];
        return [
          entry.getAttribute('CVE_ID'),
          entry.getAttribute('EXT_REF'),
          value?.getAttribute('LANG_REF'),
          value?.getAttribute('DESCRIPTION'),
          value?.textContent,
        ];
      },
    );
    expect(entries).toEqual([
      ['cveid0', 'er1', 'und', 'verb', 'v'],
      ['cveid1', null, 'und', 'noun', 'n'],
    ]);
    expect(exported.getElementsByTagName('CV_ENTRY')).toHaveLength(0);
  });

  it('links annotations on vocabulary tiers to the entry holding their value', () => {
    const document = parseEaf(eaf27, { sourceName: 'song.eaf' });
    const pos = document.tiers.find((tier) => tier.id === 'pos');
    expect(pos?.annotations.map((annotation) => [annotation.value, annotation.cveRef])).toEqual([
      ['v', 'cveid0'],
      ['n', 'cveid1'],
    ]);
  });

  it('places unaligned time slots evenly between aligned ones, and gives references their parent span', () => {
    const { annotations, skippedTiers } = eafToAnnotations(
      parseEaf(eaf27, { sourceName: 'song.eaf' }),
      {
        asset: 'rec-1',
        author: 'archivist',
      },
    );
    expect(skippedTiers).toEqual([]);
    const spans = annotations.map(({ value, type, anchor }) => [
      value,
      type,
      anchor.kind === 'time' ? [anchor.startMs, anchor.endMs] : null,
    ]);
    expect(spans).toEqual([
      ['Pây tàng slam', 'transcription', [1000, 4000]],
      ['Pây', 'transcription', [1000, 2000]],
      ['tàng', 'transcription', [2000, 3000]],
      ['slam', 'transcription', [3000, 4000]],
      ['v', 'gloss', [1000, 2000]],
      ['n', 'gloss', [3000, 4000]],
    ]);
    expect(annotations[1]?.source).toEqual({ format: 'eaf', tier: 'words', elementId: 'a2' });
  });

  it.each([
    [
      'TIME_SLOT_REF2="ts4">\n                <ANNOTATION_VALUE>Pây tàng',
      'TIME_SLOT_REF2="ts9">\n                <ANNOTATION_VALUE>Pây tàng',
      /line 15, TIME_SLOT_REF2\): annotation "a1" refers to unknown time slot "ts9"/,
    ],
    [
      'ANNOTATION_REF="a4"',
      'ANNOTATION_REF="a40"',
      /ANNOTATION_REF\): annotation "a6" refers to unknown annotation "a40"/,
    ],
    [
      '<TIER LINGUISTIC_TYPE_REF="utterance" TIER_ID="lời">',
      '<TIER LINGUISTIC_TYPE_REF="utterance">',
      /line 13, TIER_ID\): <TIER> lacks the required attribute TIER_ID/,
    ],
    [
      'TIME_VALUE="4000"',
      'TIME_VALUE="4s"',
      /line 11, TIME_VALUE\): time slot ts4 has TIME_VALUE "4s"/,
    ],
    [
      'ANNOTATION_ID="a3"',
      'ANNOTATION_ID="a2"',
      /ANNOTATION_ID\): annotation id "a2" is used twice/,
    ],
    [
      'PARENT_REF="words"',
      'PARENT_REF="nowhere"',
      /PARENT_REF\): tier "pos" refers to unknown parent tier "nowhere"/,
    ],
    ['<TIME_ORDER>', '<TIME_ORDER><SLOT/>', /unexpected element <SLOT> in <TIME_ORDER>/],
    [
      'TIER_ID="pos">',
      'TIER_ID="pos">stray words',
      /line 37\): unexpected text "stray words" in <TIER>/,
    ],
  ])('refuses a document where %s became %s', (from, to, message) => {
    expect(eaf27).toContain(from);
    const broken = eaf27.replace(from, to);
    const error = catchError(() => parseEaf(broken, { sourceName: 'broken.eaf' }));
    expect(error).toBeInstanceOf(DocumentFormatError);
    expect(error.message).toMatch(/^broken\.eaf \(/);
    expect(error.message).toMatch(message);
  });

  it('refuses a root element other than ANNOTATION_DOCUMENT', () => {
    expect(() => parseEaf('<CV_RESOURCE/>', { sourceName: 'cv.ecv' })).toThrow(
      /root element is <CV_RESOURCE>/,
    );
  });
});
