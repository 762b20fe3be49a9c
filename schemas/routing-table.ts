import { z } from 'zod';
import { AgsSchema } from './common.ts';
import { CentreSchema, type ROUTING_RULES } from './requests.ts';

export type RoutingRule = (typeof ROUTING_RULES)[number];

/** A policy version: what every routing decision stores, so a changed table never rewrites history. */
const VersionSchema = z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, 'must be 1-64 letters, digits or ._-');

/** `data/routing/routing-policy.json`: the version of the authorities table next to it. */
export const RoutingPolicyFileSchema = z.strictObject({ policyVersion: VersionSchema });

/** The columns of the authorities table, in this order (`data/routing/niedersachsen-auslaenderbehoerden.csv`). */
export const AUTHORITY_COLUMNS = ['ags', 'name', 'kind', 'former_region', 'default_centre', 'note'] as const;

/** One row of the authorities table. Lower Saxony's AGS all start with 03 (Destatis Gemeindeverzeichnis). */
export const AuthorityRowSchema = z.strictObject({
  ags: z.string().regex(/^03\d{3}(\d{3})?$/, 'must be an AGS of Lower Saxony: 03 and 3 or 6 more digits'),
  name: z.string().min(1, 'must not be empty').max(200),
  kind: z.string().min(1, 'must not be empty').max(100),
  former_region: z.string().min(1, 'must not be empty').max(100),
  default_centre: z.string().pipe(CentreSchema),
  note: z.string().max(500),
});
export type AuthorityRow = z.infer<typeof AuthorityRowSchema>;

/**
 * A deployment's overrides file: reassigns single authorities to the other centre (e.g. a borderline
 * district by agreement with LAB NI). Its `version` becomes part of the policy version in force.
 */
export const RoutingOverridesFileSchema = z.strictObject({
  version: VersionSchema,
  overrides: z
    .array(
      z.strictObject({
        ags: AgsSchema,
        centre: CentreSchema,
        reason: z.string().trim().min(1, 'must say why').max(500),
      }),
    )
    .max(100),
});
export type RoutingOverridesFile = z.infer<typeof RoutingOverridesFileSchema>;

export const RoutingEntrySchema = z
  .object({
    ags: AgsSchema,
    name: z.string(),
    kind: z.string().meta({ description: 'Landkreis, kreisfreie Stadt, große selbständige Stadt, Region, ...' }),
    formerRegion: z.string().meta({ description: 'The former government region (Regierungsbezirk), for orientation' }),
    centre: CentreSchema.meta({ description: 'The centre this authority\u2019s requests go to' }),
    rule: z.enum(['authority-default', 'authority-override']).meta({ description: 'Whether the table or a deployment override decides' }),
    verified: z
      .boolean()
      .meta({ description: '`false` for entries the source marks "to verify" (e.g. whether the town has its own authority)' }),
    note: z.string().optional(),
    defaultCentre: CentreSchema.optional().meta({ description: 'For an override: the centre the table itself names' }),
    overrideReason: z.string().optional().meta({ description: 'For an override: why the deployment reassigns the authority' }),
  })
  .meta({ id: 'RoutingEntry' });

export const RoutingTableSchema = z
  .object({
    policyVersion: z.string().meta({
      description: 'Version of the table in force (`<table version>+<overrides version>` where a deployment overrides entries)',
    }),
    entries: z.array(RoutingEntrySchema),
  })
  .meta({
    id: 'RoutingTable',
    description: 'Every foreigners\u2019 authority of Lower Saxony and the centre its requests go to',
    example: {
      policyVersion: '2026-11-26.1',
      entries: [
        {
          ags: '03101',
          name: 'Stadt Braunschweig',
          kind: 'kreisfreie Stadt',
          formerRegion: 'Braunschweig',
          centre: 'braunschweig',
          rule: 'authority-default',
          verified: true,
        },
        {
          ags: '03241001',
          name: 'Landeshauptstadt Hannover',
          kind: 'Stadt mit eigener Ausländerbehörde',
          formerRegion: 'Hannover',
          centre: 'braunschweig',
          rule: 'authority-default',
          verified: false,
          note: 'to verify',
        },
      ],
    },
  });

export type RoutingEntry = z.infer<typeof RoutingEntrySchema>;
