import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ParticipantRegistry, RegistryError, unroutableMunicipalities } from '../../functions/core/participants.ts';
import { loadLocalRegistry } from '../../functions/entry/local/local-auth.ts';
import { loadRoutingTable } from '../../functions/entry/routing-table-files.ts';
import type { Participant } from '../../schemas/participant.ts';

const municipality = { clientId: 'abh-03101', role: 'municipality', organisation: '03101', name: 'ABH Braunschweig', enabled: true };
const centre = { clientId: 'centre-osnabrueck', role: 'centre', organisation: 'osnabrueck', name: 'Rückkehrberatung Osnabrück' };
const admin = { clientId: 'admin', role: 'admin', organisation: 'lab-ni', name: 'Administration' };

const routingTable = loadRoutingTable();

function parse(participants: unknown[], extra: Record<string, unknown> = {}) {
  return ParticipantRegistry.parse({ version: 'test-1', participants, ...extra });
}

/** The message of the RegistryError that parsing throws. */
function problemsOf(participants: unknown[], extra: Record<string, unknown> = {}): string {
  try {
    parse(participants, extra);
  } catch (error) {
    expect(error).toBeInstanceOf(RegistryError);
    return (error as RegistryError).message;
  }
  throw new Error('the registry was accepted');
}

describe('ParticipantRegistry.parse', () => {
  it('accepts a registry with one participant of each role', () => {
    const registry = parse([municipality, centre, admin]);
    expect(registry.version).toBe('test-1');
    expect(registry.all().map((p) => p.clientId)).toEqual(['abh-03101', 'centre-osnabrueck', 'admin']);
  });

  it('enables a participant whose file entry does not say otherwise', () => {
    expect(parse([centre]).principal('centre-osnabrueck')).toBeDefined();
  });

  it('rejects a client id registered twice', () => {
    expect(problemsOf([municipality, { ...municipality, organisation: '03102' }])).toMatch(/abh-03101: registered twice/);
  });

  it('rejects a municipality whose organisation is not an AGS', () => {
    for (const organisation of ['0310', '031011', 'braunschweig']) {
      expect(problemsOf([{ ...municipality, organisation }])).toMatch(/abh-03101: organisation must be an AGS/);
    }
  });

  it('accepts a municipality whose AGS is not in the routing table: it gets 422 at intake, the others keep working', () => {
    expect(parse([municipality, { ...municipality, clientId: 'abh-09162', organisation: '09162' }]).principal('abh-09162')).toEqual({
      clientId: 'abh-09162',
      role: 'municipality',
      organisation: '09162',
    });
  });

  it('rejects a centre with an organisation that is not a centre', () => {
    expect(problemsOf([{ ...centre, organisation: 'hannover' }])).toMatch(/centre-osnabrueck: organisation must be a centre/);
  });

  it('rejects an administrator outside lab-ni', () => {
    expect(problemsOf([{ ...admin, organisation: '03101' }])).toMatch(/admin: administrators belong to lab-ni/);
  });

  it('rejects unknown fields on a participant and on the file', () => {
    expect(problemsOf([{ ...municipality, scopes: ['rueckkehr/admin'] }])).toMatch(/participants\.0/);
    expect(problemsOf([municipality], { comment: 'x' })).toMatch(/Invalid participants registry/);
  });

  it('rejects an unknown role and an empty list', () => {
    expect(problemsOf([{ ...municipality, role: 'superuser' }])).toMatch(/participants\.0\.role/);
    expect(problemsOf([])).toMatch(/participants/);
  });

  it('names every problem at once', () => {
    const message = problemsOf([
      { ...centre, organisation: 'hannover' },
      { ...admin, organisation: 'braunschweig' },
    ]);
    expect(message).toMatch(/centre-osnabrueck/);
    expect(message).toMatch(/admin/);
  });
});

describe('ParticipantRegistry.principal', () => {
  const registry = parse([municipality, centre, admin, { ...municipality, clientId: 'abh-off', enabled: false }]);

  it('returns the client id, role and organisation of an enabled participant, and nothing else', () => {
    expect(registry.principal('abh-03101')).toEqual({ clientId: 'abh-03101', role: 'municipality', organisation: '03101' });
    expect(registry.principal('admin')).toEqual({ clientId: 'admin', role: 'admin', organisation: 'lab-ni' });
  });

  it('returns undefined for a disabled participant', () => {
    expect(registry.principal('abh-off')).toBeUndefined();
  });

  it('returns undefined for an unknown client id, including inherited property names', () => {
    for (const id of ['abh-99999', '', 'ABH-03101', '__proto__', 'constructor', 'toString']) expect(registry.principal(id)).toBeUndefined();
  });
});

describe('unroutableMunicipalities', () => {
  it('names the enabled municipality clients whose AGS has no entry in the routing table, and nobody else', () => {
    const registry = parse([
      municipality,
      centre,
      admin,
      { ...municipality, clientId: 'abh-09162', organisation: '09162' },
      { ...municipality, clientId: 'abh-03101999', organisation: '03101999' },
      { ...municipality, clientId: 'abh-off', organisation: '09163', enabled: false },
    ]);
    expect(unroutableMunicipalities(registry, routingTable).map((p) => p.clientId)).toEqual(['abh-09162', 'abh-03101999']);
  });

  it('finds none in the local registry', () => {
    expect(unroutableMunicipalities(loadLocalRegistry(), routingTable)).toEqual([]);
  });
});

describe('the local registry file', () => {
  const file = JSON.parse(readFileSync(new URL('../../functions/entry/local/participants.local.json', import.meta.url), 'utf8')) as {
    participants: Participant[];
  };

  it('is valid', () => {
    expect(() => loadLocalRegistry()).not.toThrow();
  });

  it('has exactly one enabled abh-<AGS> municipality client for every authority of the routing table', () => {
    for (const { ags } of routingTable.entries) {
      const clients = file.participants.filter((p) => p.clientId === `abh-${ags}`);
      expect(clients, `abh-${ags}`).toHaveLength(1);
      expect(clients[0]).toMatchObject({ role: 'municipality', organisation: ags, enabled: true });
    }
  });

  it('enables nobody but those authorities, both centres and the admin', () => {
    const enabled = loadLocalRegistry()
      .all()
      .filter((p) => p.enabled)
      .map((p) => p.clientId)
      .sort();
    const expected = [...routingTable.entries.map((e) => `abh-${e.ags}`), 'centre-braunschweig', 'centre-osnabrueck', 'admin'].sort();
    expect(enabled).toEqual(expected);
  });

  it('gives the centres and the admin their organisations', () => {
    const registry = loadLocalRegistry();
    expect(registry.principal('centre-braunschweig')).toEqual({
      clientId: 'centre-braunschweig',
      role: 'centre',
      organisation: 'braunschweig',
    });
    expect(registry.principal('centre-osnabrueck')).toEqual({ clientId: 'centre-osnabrueck', role: 'centre', organisation: 'osnabrueck' });
    expect(registry.principal('admin')).toEqual({ clientId: 'admin', role: 'admin', organisation: 'lab-ni' });
  });

  it('keeps abh-disabled-demo disabled', () => {
    expect(file.participants.find((p) => p.clientId === 'abh-disabled-demo')).toMatchObject({ enabled: false });
    expect(loadLocalRegistry().principal('abh-disabled-demo')).toBeUndefined();
  });
});
