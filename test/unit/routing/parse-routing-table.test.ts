import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseRoutingTable, RoutingTableError, type RoutingTableSources } from '../../../functions/core/routing/parse-routing-table.ts';
import { findAuthority } from '../../../functions/core/routing/routing-table.ts';
import { AUTHORITIES_FILE, loadRoutingTable, POLICY_FILE } from '../../../functions/entry/routing-table-files.ts';

const HEADER = 'ags,name,kind,former_region,default_centre,note';
const policy = { policyVersion: 'test-1' };

function csv(...rows: string[]): string {
  return [HEADER, ...rows].join('\n');
}

const twoAuthorities = csv(
  '03101,Stadt Braunschweig,kreisfreie Stadt,Braunschweig,braunschweig,',
  '03251,Landkreis Diepholz,Landkreis,Hannover,braunschweig,borderline: about as close to Osnabrück',
);

/** The problems the parser names, or a failure when it accepts the sources. */
function problemsOf(sources: Partial<RoutingTableSources>): string[] {
  try {
    parseRoutingTable({ policy, authorities: twoAuthorities, ...sources });
  } catch (error) {
    expect(error).toBeInstanceOf(RoutingTableError);
    return [...(error as RoutingTableError).problems];
  }
  throw new Error('the routing table was accepted');
}

describe('parseRoutingTable', () => {
  it('builds one entry per row with the table centre as the authority-default rule', () => {
    const table = parseRoutingTable({ policy, authorities: twoAuthorities });
    expect(table.policyVersion).toBe('test-1');
    expect(table.entries).toEqual([
      {
        ags: '03101',
        name: 'Stadt Braunschweig',
        kind: 'kreisfreie Stadt',
        formerRegion: 'Braunschweig',
        centre: 'braunschweig',
        rule: 'authority-default',
        verified: true,
      },
      expect.objectContaining({ ags: '03251', rule: 'authority-default', note: 'borderline: about as close to Osnabrück', verified: true }),
    ]);
  });

  it('keeps entries marked "to verify" flagged as unverified', () => {
    const table = parseRoutingTable({
      policy,
      authorities: csv(
        '03241001,Landeshauptstadt Hannover,Stadt mit eigener Ausländerbehörde,Hannover,braunschweig,to verify',
        '03454032,Stadt Lingen (Ems),große selbständige Stadt,Weser-Ems,osnabrueck,likely own authority; To Verify',
      ),
    });
    expect(table.entries.map((e) => [e.ags, e.verified])).toEqual([
      ['03241001', false],
      ['03454032', false],
    ]);
  });

  it('reads quoted fields with commas, a byte order mark, CRLF line ends and blank lines', () => {
    const authorities = `\uFEFF${HEADER}\r\n\r\n03101,Stadt Braunschweig,kreisfreie Stadt,Braunschweig,braunschweig,"joint, with a comma"\r\n`;
    expect(parseRoutingTable({ policy, authorities }).entries).toEqual([
      expect.objectContaining({ ags: '03101', note: 'joint, with a comma' }),
    ]);
  });

  it('reassigns an authority by a deployment override, with its own rule and a combined policy version', () => {
    const table = parseRoutingTable({
      policy,
      authorities: twoAuthorities,
      overrides: { version: 'lab-2026-12', overrides: [{ ags: '03251', centre: 'osnabrueck', reason: 'agreed with LAB NI' }] },
    });
    expect(table.policyVersion).toBe('test-1+lab-2026-12');
    expect(findAuthority(table, '03251')).toMatchObject({
      centre: 'osnabrueck',
      rule: 'authority-override',
      defaultCentre: 'braunschweig',
      overrideReason: 'agreed with LAB NI',
    });
    expect(findAuthority(table, '03101')).toMatchObject({ centre: 'braunschweig', rule: 'authority-default' });
  });

  it('rejects an AGS listed twice, naming both lines', () => {
    const problems = problemsOf({
      authorities: `${twoAuthorities}\n03101,Stadt Braunschweig (again),kreisfreie Stadt,Braunschweig,osnabrueck,`,
    });
    expect(problems).toEqual(['authorities line 4 (03101 Stadt Braunschweig (again)): AGS 03101 is already on line 2']);
  });

  it('rejects an unknown centre, naming the line and the AGS', () => {
    const problems = problemsOf({ authorities: csv('03101,Stadt Braunschweig,kreisfreie Stadt,Braunschweig,hannover,') });
    expect(problems).toEqual([expect.stringMatching(/^authorities line 2 \(03101\): default_centre: .*"braunschweig"\|"osnabrueck"/)]);
  });

  it('rejects an AGS that is not one of Lower Saxony', () => {
    for (const ags of ['09162', '0310', '031011', 'O3101']) {
      expect(problemsOf({ authorities: csv(`${ags},Somewhere,Landkreis,Nowhere,braunschweig,`) })).toEqual([
        `authorities line 2 (${ags}): ags: must be an AGS of Lower Saxony: 03 and 3 or 6 more digits`,
      ]);
    }
  });

  it('rejects a row with a missing or an extra field, and an empty name', () => {
    const problems = problemsOf({
      authorities: csv(
        '03101,Stadt Braunschweig,kreisfreie Stadt,Braunschweig,braunschweig',
        '03102,,kreisfreie Stadt,Braunschweig,braunschweig,,x',
      ),
    });
    expect(problems).toEqual([
      'authorities line 2 (03101): has 5 fields, expected 6',
      'authorities line 3 (03102): has 7 fields, expected 6',
    ]);
    expect(problemsOf({ authorities: csv('03102,,kreisfreie Stadt,Braunschweig,braunschweig,') })).toEqual([
      'authorities line 2 (03102): name: must not be empty',
    ]);
  });

  it('rejects a table with another header or without entries', () => {
    expect(problemsOf({ authorities: 'ags,name,centre\n03101,Stadt Braunschweig,braunschweig' })).toEqual([
      `authorities: the header must be ${HEADER}`,
    ]);
    expect(problemsOf({ authorities: HEADER })).toEqual(['authorities: the table has no entries']);
  });

  it('rejects a policy file without a usable version', () => {
    expect(problemsOf({ policy: {} })).toEqual([expect.stringMatching(/^policy policyVersion: /)]);
    expect(problemsOf({ policy: { policyVersion: 'two words' } })).toEqual([expect.stringMatching(/^policy policyVersion: must be/)]);
  });

  it('rejects overrides of an unknown authority, twice the same authority, or to the centre it already has', () => {
    const override = (ags: string, centre: string) => ({ ags, centre, reason: 'test' });
    const problems = problemsOf({
      overrides: {
        version: 'o-1',
        overrides: [
          override('03251', 'osnabrueck'),
          override('03251', 'osnabrueck'),
          override('03999', 'osnabrueck'),
          override('03101', 'braunschweig'),
        ],
      },
    });
    expect(problems).toEqual([
      'overrides.1 (03251): AGS 03251 is overridden twice',
      'overrides.2 (03999): AGS 03999 is not an authority of the table',
      'overrides.3 (03101): the table already sends Stadt Braunschweig to braunschweig; remove the override',
    ]);
  });

  it('rejects an overrides file of the wrong shape: unknown centre, no reason, unknown field', () => {
    const problems = problemsOf({
      overrides: { version: 'o-1', overrides: [{ ags: '03251', centre: 'hannover', reason: ' ' }], comment: 'x' },
    });
    expect(problems).toEqual([
      expect.stringMatching(/^overrides overrides\.0\.centre: /),
      'overrides overrides.0.reason: must say why',
      expect.stringMatching(/^overrides \(file\): Unrecognized key: "comment"/),
    ]);
  });

  it('names every problem at once', () => {
    const problems = problemsOf({
      policy: {},
      authorities: csv(
        '03101,Stadt Braunschweig,kreisfreie Stadt,Braunschweig,hannover,',
        '03101,Stadt Braunschweig,x,y,braunschweig,',
        '03101,Z,x,y,osnabrueck,',
      ),
    });
    expect(problems).toHaveLength(3);
    expect(problems.join('\n')).toMatch(/policy[\s\S]*line 2 \(03101\)[\s\S]*line 4 \(03101 Z\): AGS 03101 is already on line 3/);
  });
});

describe('the routing table of this repository (data/routing)', () => {
  const table = loadRoutingTable();
  const dir = new URL('../../../data/routing/', import.meta.url);

  it('holds every authority of the source list, with unique AGS', () => {
    expect(table.entries).toHaveLength(53);
    expect(new Set(table.entries.map((e) => e.ags)).size).toBe(53);
  });

  it('flags exactly the entries the source marks "to verify"', () => {
    expect(
      table.entries
        .filter((e) => !e.verified)
        .map((e) => e.ags)
        .sort(),
    ).toEqual(['03153017', '03159016', '03241001', '03252006', '03352011', '03454032']);
  });

  it('gets a new policyVersion whenever the authorities file changes', () => {
    // A stored decision names the table by its version alone. Changed the CSV? Raise policyVersion in
    // data/routing/routing-policy.json, then pin the new pair here.
    const sha256 = createHash('sha256')
      .update(readFileSync(new URL(AUTHORITIES_FILE, dir)))
      .digest('hex');
    const { policyVersion } = JSON.parse(readFileSync(new URL(POLICY_FILE, dir), 'utf8')) as { policyVersion: string };
    expect({ policyVersion, sha256 }).toEqual({
      policyVersion: '2026-11-26.1',
      sha256: 'bc98cc684c756b0154ae3325d1877401a69327c83b28c6f2407e402d32a94e84',
    });
  });

  it('accepts the example overrides file', () => {
    const overridesFile = new URL('overrides.example.json', dir).pathname;
    expect(findAuthority(loadRoutingTable({ overridesFile }), '03251')).toMatchObject({ centre: 'osnabrueck', rule: 'authority-override' });
  });
});

describe('loadRoutingTable', () => {
  it('names a file it cannot read or parse', () => {
    expect(() => loadRoutingTable({ dir: '/nonexistent-routing-dir' })).toThrow(
      /nonexistent-routing-dir\/routing-policy\.json: cannot be read \(ENOENT\)/,
    );
    expect(() =>
      loadRoutingTable({ overridesFile: new URL(`../../../data/routing/${AUTHORITIES_FILE}`, import.meta.url).pathname }),
    ).toThrow(/niedersachsen-auslaenderbehoerden\.csv: is not valid JSON/);
  });
});
