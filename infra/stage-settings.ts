import { RemovalPolicy } from 'aws-cdk-lib';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';

/** What differs between a production stack and any other (dev, a test stack). */
export interface StageSettings {
  stage: string;
  production: boolean;
  /** Tables, key and logs outlive the stack in production; a dev stack is removed whole. */
  removalPolicy: RemovalPolicy;
  /** DynamoDB deletion protection: in production a table cannot be deleted, not even by CloudFormation. */
  deletionProtection: boolean;
  logRetention: RetentionDays;
  /**
   * NODE_OPTIONS=--enable-source-maps: readable stack traces, at the cost of reading the source map at
   * every cold start. On in dev; in production the maps stay in the asset for decoding a trace.
   */
  sourceMapsAtRuntime: boolean;
}

/** Stage names: lower-case letters, digits and dashes (they become resource names). */
const STAGE = /^[a-z][a-z0-9-]{0,19}$/;

/**
 * The settings of a stage (`-c stage=dev`, `-c stage=prod`).
 * @throws Error for a stage name that cannot be part of resource names.
 */
export function stageSettings(stage: string): StageSettings {
  if (!STAGE.test(stage)) throw new Error(`Invalid stage "${stage}": use lower-case letters, digits and dashes (e.g. -c stage=dev)`);
  const production = stage === 'prod';
  return {
    stage,
    production,
    removalPolicy: production ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    deletionProtection: production,
    logRetention: production ? RetentionDays.ONE_YEAR : RetentionDays.ONE_MONTH,
    sourceMapsAtRuntime: !production,
  };
}
