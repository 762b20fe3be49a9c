import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AssetHashType, DockerImage, Duration } from 'aws-cdk-lib';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, Code, Function as LambdaFunction, Runtime } from 'aws-cdk-lib/aws-lambda';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { DeployedFiles, FunctionName } from '../bundle/bundle-function.ts';
import type { StageSettings } from '../stage-settings.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const bundleScript = join(root, 'infra/bundle/bundle-function.ts');

/** Per function: memory (MB; Lambda's CPU share grows with it, and so does the speed of a cold start) and timeout. */
const sizing: Record<FunctionName, { memoryMb: number; timeout: Duration; description: string }> = {
  requests: { memoryMb: 1024, timeout: Duration.seconds(29), description: 'Municipal intake and the resources' },
  'centre-work': { memoryMb: 1024, timeout: Duration.seconds(29), description: 'Centre work: leases, settlement, status, transfer' },
  admin: { memoryMb: 512, timeout: Duration.seconds(29), description: 'Administration: queue status, redrive, exchange log' },
  operations: { memoryMb: 512, timeout: Duration.seconds(29), description: 'Health, OpenAPI, docs, problem types, unknown paths' },
  relay: { memoryMb: 512, timeout: Duration.seconds(60), description: 'Outbox relay (table stream and schedule)' },
  sequencer: { memoryMb: 512, timeout: Duration.seconds(120), description: 'Exchange-log sequencer and checkpoints (schedule)' },
};

export interface ExchangeFunctionsProps {
  settings: StageSettings;
  /** Settings every function gets (resource prefix, identity provider, registry and routing files). */
  environment: Record<string, string>;
  /** Settings of single functions (the key ring secret of those that use keys). */
  extraEnvironment: Partial<Record<FunctionName, Record<string, string>>>;
  files: DeployedFiles;
}

/**
 * The Lambda functions: Node.js 24 on arm64, each bundled by infra/bundle/bundle-function.ts (esbuild,
 * ESM, minified, source maps) with the deployed registry and routing table beside it, and a log group
 * with the stage's retention. No reserved concurrency: it would take from the account's pool (10 on a
 * new account, where reserving would even fail the deployment).
 */
export class ExchangeFunctions extends Construct {
  readonly functions: Record<FunctionName, LambdaFunction>;

  constructor(scope: Construct, id: string, props: ExchangeFunctionsProps) {
    super(scope, id);
    const names = Object.keys(sizing) as FunctionName[];
    this.functions = Object.fromEntries(names.map((name) => [name, this.#function(name, props)])) as Record<FunctionName, LambdaFunction>;
  }

  #function(name: FunctionName, props: ExchangeFunctionsProps): LambdaFunction {
    const { settings } = props;
    const { memoryMb, timeout, description } = sizing[name];
    const logGroup = new LogGroup(this, `${name}-logs`, { retention: settings.logRetention, removalPolicy: settings.removalPolicy });
    // A role of its own, without AWSLambdaBasicExecutionRole (whose log permissions are on every log group: `*`).
    const role = new Role(this, `${name}-role`, { assumedBy: new ServicePrincipal('lambda.amazonaws.com') });
    logGroup.grantWrite(role);
    return new LambdaFunction(this, `${name}-function`, {
      role,
      description: `Rückkehr-Exchange ${settings.stage}: ${description}`,
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
      handler: 'index.handler',
      code: bundledCode(name, props.files),
      memorySize: memoryMb,
      timeout,
      logGroup,
      environment: {
        ...props.environment,
        ...props.extraEnvironment[name],
        ...(settings.sourceMapsAtRuntime ? { NODE_OPTIONS: '--enable-source-maps' } : {}),
      },
    });
  }
}

/**
 * The function's code, bundled on this machine (no Docker): the bundler runs in a child process since
 * esbuild plugins need its asynchronous API, and CDK's bundling hook is synchronous. The asset hash is
 * the output's, so an unchanged bundle is not uploaded again.
 */
function bundledCode(name: FunctionName, files: DeployedFiles): Code {
  return Code.fromAsset(join(root, 'functions'), {
    assetHashType: AssetHashType.OUTPUT,
    bundling: {
      // Never pulled: local bundling always succeeds or fails the synth.
      image: DockerImage.fromRegistry('local-bundling-only'),
      // Part of CDK's bundling cache key, which does not see into `local`: without it all functions would share one bundle.
      command: ['bundle-function', name],
      local: {
        tryBundle(outputDir: string): boolean {
          execFileSync(process.execPath, [bundleScript, name, outputDir, JSON.stringify(files)], { stdio: 'inherit', cwd: root });
          return true;
        },
      },
    },
  });
}
