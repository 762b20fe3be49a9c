import { z } from 'zod';

export const ROLES = ['municipality', 'centre', 'admin'] as const;
export const RoleSchema = z
  .enum(ROLES)
  .meta({ id: 'Role', description: 'What a client may do: hand over (municipality), counsel (centre), audit (admin)' });

export const ParticipantSchema = z.strictObject({
  clientId: z.string().regex(/^[A-Za-z0-9._:-]{1,128}$/, 'must be 1-128 letters, digits or ._:-'),
  role: RoleSchema,
  /** The AGS for a municipality, the centre for a centre, `lab-ni` for administrators. */
  organisation: z.string().min(1).max(64),
  name: z.string().min(1).max(200),
  enabled: z.boolean().default(true),
});

/** The registry file: which clients exist, with exactly one role and one organisation each. */
export const ParticipantRegistrySchema = z.strictObject({
  version: z.string().min(1),
  participants: z.array(ParticipantSchema).min(1),
});

export type Role = z.infer<typeof RoleSchema>;
export type Participant = z.infer<typeof ParticipantSchema>;
export type ParticipantRegistryFile = z.infer<typeof ParticipantRegistrySchema>;
