import type { AwsClients } from '../adapters/aws-clients.ts';
import type { ResourceNames } from '../adapters/resources.ts';
import type { ParticipantRegistry } from '../core/participants.ts';
import type { Metrics } from '../core/ports/metrics.ts';
import type { RateLimitSettings } from '../core/rate-limit/rate-limiter.ts';
import type { RetentionPolicy } from '../core/requests/retention.ts';
import type { RouteGroup } from '../core/route-groups.ts';
import type { RoutingTable } from '../core/routing/routing-table.ts';
import type { TokenVerifier } from '../http/auth/token-verifier.ts';
import type { Logger } from '../http/logger.ts';
import type { CheckpointKeys } from './checkpoint-keys.ts';
import type { DerivedKeys } from './keys.ts';

export const VERSION = '0.1.0';

/**
 * What the services run on: store clients and names, logger, identity, keys, retention. A Lambda
 * function of one route group has this much; only intake also loads the routing table (see Runtime).
 */
export interface BaseRuntime {
  clients: AwsClients;
  resources: ResourceNames;
  logger: Logger;
  registry: ParticipantRegistry;
  verify: TokenVerifier;
  tokenUrl: string;
  /** The current keys: they seal, hash and sign. */
  keys: DerivedKeys;
  /** The key ring's older (and staged) keys: they only open and compare, so a key rotation breaks nothing made before it. */
  previousKeys?: DerivedKeys[];
  /** The route group this process serves (one Lambda function); every route when unset (the local server, tests). */
  routeGroup?: RouteGroup;
  /** Where the counters go (Powertools EMF on Lambda); none by default. */
  metrics?: Metrics;
  retention: RetentionPolicy;
  /** The clock of every service (tests skew it); the system clock by default. */
  clock?: () => Date;
  /** The per-client rate limit of /v1 calls; none when unset. */
  rateLimit?: RateLimitSettings;
  /**
   * The exchange log's checkpoint keys (checkpoint-keys.ts): a signer only where the sequencer runs.
   * Absent: a key pair for this process alone (tests, benchmarks).
   */
  checkpoints?: CheckpointKeys;
}

/** Everything a composed app of all routes runs on (the local server, tests): the base and the routing table. */
export interface Runtime extends BaseRuntime {
  /** The routing table in force, validated at start (functions/entry/routing-table-files.ts). */
  routing: RoutingTable;
}
