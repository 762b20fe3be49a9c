import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type JsonObject, minimalConsultation } from '../../support/fixtures.ts';
import { expectProblem } from '../../support/problems.ts';
import { minimalCase } from '../../support/requests.ts';
import { createTestApp, type TestApp } from '../../support/runtime.ts';

/** Latin-1 bytes of a string of code points below 256, as a client that does not speak UTF-8 sends them. */
const latin1 = (text: string) => Uint8Array.from([...text].map((c) => c.charCodeAt(0)));

/** Byte sequences that are never valid UTF-8 (RFC 3629): stray continuation, overlong, out of range, truncated. */
const invalidUtf8 = fc.oneof(
  fc.integer({ min: 0x80, max: 0xbf }).map((b) => [b]),
  fc.constantFrom([0xc0, 0xaf], [0xc1, 0xbf], [0xe0, 0x80, 0xaf], [0xf0, 0x80, 0x80, 0xaf], [0xf4, 0x90, 0x80, 0x80]),
  fc.integer({ min: 0xf5, max: 0xff }).map((b) => [b]),
  fc.integer({ min: 0xc2, max: 0xf4 }).map((b) => [b, 0x41]),
);

describe('charset and UTF-8 of JSON bodies', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const post = (body: string | Uint8Array, contentType: string, path = '/v1/consultations') =>
    t.call('abh-03101', path, { method: 'POST', body, headers: { 'Content-Type': contentType, 'Idempotency-Key': crypto.randomUUID() } });

  it('refuses a Latin-1 body sent as application/json; charset=iso-8859-1 with 415, and the same bytes without charset with 400', async () => {
    const body = minimalCase({
      municipalReference: `ABH-Müden-${crypto.randomUUID().slice(0, 8)}`,
      person: { familyName: 'Müller-Lüdenscheidt' },
    });
    const bytes = latin1(JSON.stringify(body));
    await expectProblem(await post(bytes, 'application/json; charset=iso-8859-1', '/v1/cases'), 415, '/problems/unsupported-media-type');
    const problem = await expectProblem(await post(bytes, 'application/json', '/v1/cases'), 400, '/problems/malformed-request');
    expect(problem.detail).toMatch(/UTF-8/);
    // Nothing garbled was stored: the file number is still free.
    const list = await t.call('abh-03101', `/v1/cases?municipalReference=${encodeURIComponent(String(body.municipalReference))}`);
    expect(((await list.json()) as { items: unknown[] }).items).toEqual([]);
  });

  it('refuses every declared charset other than utf-8 with 415', async () => {
    const labels = fc.oneof(
      fc.constantFrom('iso-8859-1', 'latin1', 'windows-1252', 'utf-16', 'UTF-16LE', 'us-ascii', 'utf-32', 'cp850', 'utf-7', 'utf8'),
      fc.stringMatching(/^[a-z0-9][a-z0-9-]{0,15}$/).filter((label) => label !== 'utf-8'),
    );
    await fc.assert(
      fc.asyncProperty(labels, fc.boolean(), fc.boolean(), async (label, upper, quoted) => {
        const value = upper ? label.toUpperCase() : label;
        const header = `application/json; charset=${quoted ? `"${value}"` : value}`;
        await expectProblem(await post(JSON.stringify(minimalConsultation()), header), 415, '/problems/unsupported-media-type');
      }),
      { numRuns: 80 },
    );
  });

  it('reads the media type as RFC 9110 says: case, spaces and quotes around utf-8 are fine', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('application/json', 'Application/JSON'),
        fc.constantFrom('', ' ', '\t'),
        fc.constantFrom('utf-8', 'UTF-8', '"utf-8"', 'Utf-8'),
        async (type, space, charset) => {
          const response = await post(JSON.stringify(minimalConsultation()), `${type}${space};${space}charset=${charset}`);
          expect(response.status).toBe(201);
        },
      ),
      { numRuns: 12 },
    );
  });

  it('refuses a body with bytes that are not UTF-8 anywhere with 400, and stores nothing', async () => {
    const text = JSON.stringify(minimalConsultation({ notes: 'Notiz für die Beratung' }));
    const encoded = new TextEncoder().encode(text);
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: encoded.length }), invalidUtf8, async (at, bad) => {
        const bytes = new Uint8Array([...encoded.slice(0, at), ...bad, ...encoded.slice(at)]);
        await expectProblem(await post(bytes, 'application/json'), 400, '/problems/malformed-request');
      }),
      { numRuns: 120 },
    );
  });

  it('stores UTF-8 text exactly as sent: a replacement character only where the client sent one', async () => {
    const notes = fc
      .array(fc.constantFrom('ä', 'ö', 'ü', 'ß', 'Ə', 'ə', 'ẞ', '€', 'x', ' ', '\uFFFD'), { minLength: 1, maxLength: 30 })
      .map((parts) => `N${parts.join('')}`);
    await fc.assert(
      fc.asyncProperty(notes, async (text) => {
        const body = minimalConsultation({ notes: text }) as JsonObject;
        const response = await post(new TextEncoder().encode(JSON.stringify(body)), 'application/json; charset=utf-8');
        if (text.includes('\uFFFD')) {
          // U+FFFD is not a DIN 91379 character: refused, never stored.
          await expectProblem(response, 422, '/problems/validation');
          return;
        }
        expect(response.status).toBe(201);
        const { id } = (await response.json()) as { id: string };
        const read = (await (await t.call('abh-03101', `/v1/consultations/${id}`)).json()) as { notes: string };
        expect(read.notes).toBe(text.trim());
      }),
      { numRuns: 25 },
    );
  });
});
