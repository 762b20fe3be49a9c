import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

export interface AwsClients {
  dynamo: DynamoDBClient;
  doc: DynamoDBDocumentClient;
  sqs: SQSClient;
}

/** Region and dummy credentials of every local client: a developer's AWS profile must never leak in. */
export const LOCAL_REGION = 'eu-central-1';
export const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };

/**
 * Time limits and retries of every SDK client, on AWS and locally. Without them a hung socket after a
 * commit could hold a request for the function's whole 29 s. Calls that wait on purpose (an SQS long
 * poll) pass their own, longer `requestTimeout` per call.
 */
export const CLIENT_LIMITS = {
  /** Time to open a TCP/TLS connection, in ms. */
  connectionTimeoutMs: 1000,
  /** Time for one attempt from request sent to response complete, in ms. */
  requestTimeoutMs: 5000,
  /** Attempts per call, the first included (SDK "standard" retry mode: exponential backoff with jitter). */
  maxAttempts: 3,
} as const;

/**
 * The SDK settings every client shares. `throwOnRequestTimeout` makes the request timeout fail the
 * attempt (so the SDK retries it); without it @smithy/node-http-handler only logs a warning.
 */
export function clientSettings(region: string, endpoint?: string) {
  return {
    region: endpoint ? LOCAL_REGION : region,
    ...(endpoint ? { endpoint, credentials: LOCAL_CREDENTIALS } : {}),
    maxAttempts: CLIENT_LIMITS.maxAttempts,
    retryMode: 'standard',
    requestHandler: {
      connectionTimeout: CLIENT_LIMITS.connectionTimeoutMs,
      requestTimeout: CLIENT_LIMITS.requestTimeoutMs,
      throwOnRequestTimeout: true,
    },
  } as const;
}

export interface ClientOptions {
  region: string;
  /** Both set for the local stores; both unset on AWS. */
  local?: { dynamoEndpoint: string; sqsEndpoint: string };
}

export function createAwsClients(options: ClientOptions): AwsClients {
  const local = options.local;
  const dynamo = new DynamoDBClient(clientSettings(options.region, local?.dynamoEndpoint));
  // Every call goes to the client's endpoint (the region's, or AWS_ENDPOINT_URL_SQS), never to the host of a
  // queue URL: the same on AWS and locally, where an emulator's queue URLs may name a host that does not resolve.
  const sqs = new SQSClient({ ...clientSettings(options.region, local?.sqsEndpoint), useQueueUrlAsEndpoint: false });
  const doc = DynamoDBDocumentClient.from(dynamo, { marshallOptions: { removeUndefinedValues: true } });
  return { dynamo, doc, sqs };
}

export function destroyAwsClients(clients: AwsClients): void {
  clients.doc.destroy();
  clients.dynamo.destroy();
  clients.sqs.destroy();
}
