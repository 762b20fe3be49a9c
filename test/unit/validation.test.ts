import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { fieldErrorsOf } from '../../functions/http/validation.ts';

describe('field errors', () => {
  const schema = z.strictObject({ person: z.strictObject({ dateOfBirth: z.iso.date(), names: z.array(z.string().max(3)) }) });

  it('reports nested paths with dots', () => {
    const result = schema.safeParse({ person: { dateOfBirth: 'soon', names: ['ok', 'too long'] } });
    expect(result.success).toBe(false);
    const paths = fieldErrorsOf(result.error as z.ZodError).map((e) => e.path);
    expect(paths).toEqual(['person.dateOfBirth', 'person.names.1']);
  });

  it('reports every unknown field by its own path and never echoes values', () => {
    const result = schema.safeParse({ person: { dateOfBirth: '2000-01-01', names: [], secret: 'Amal Beispiel' }, extra: 1 });
    const errors = fieldErrorsOf(result.error as z.ZodError);
    expect(errors).toEqual(
      expect.arrayContaining([
        { path: 'person.secret', message: 'unknown field' },
        { path: 'extra', message: 'unknown field' },
      ]),
    );
    expect(JSON.stringify(errors)).not.toContain('Amal');
  });
});
