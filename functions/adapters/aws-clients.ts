import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

export interface AwsClients {
  dynamo: DynamoDBClient;
  doc: DynamoDBDocumentClient;
  sqs: SQSClient;
  /** The time limit of one attempt these clients were built with, in ms (calls that wait on purpose add to it). */
  requestTimeoutMs: number;
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
 * The same limits for the local stores. DynamoDB Local (a JVM) and the SQS emulator share the developer's
 * cores with the API and the test suite: under a burst on a 2-core machine one call can take seconds
 * where DynamoDB answers in milliseconds, and when a burst opens many connections at once the emulator's
 * accept backlog overflows, so the kernel retransmits the connection request after 1, 3, 7, 15 s. The
 * local limits are wide enough for that; they still end every call.
 */
export const LOCAL_CLIENT_LIMITS = {
  connectionTimeoutMs: 30_000,
  requestTimeoutMs: 20_000,
  maxAttempts: 3,
} as const;

/**
 * The SDK settings every client shares (with {@link LOCAL_CLIENT_LIMITS} when `endpoint` names a local store). `throwOnRequestTimeout` makes the request timeout fail the
 * attempt (so the SDK retries it); without it @smithy/node-http-handler only logs a warning.
 */
export function clientSettings(region: string, endpoint?: string) {
  const limits = endpoint ? LOCAL_CLIENT_LIMITS : CLIENT_LIMITS;
  return {
    region: endpoint ? LOCAL_REGION : region,
    ...(endpoint ? { endpoint, credentials: LOCAL_CREDENTIALS } : {}),
    maxAttempts: limits.maxAttempts,
    retryMode: 'standard',
    requestHandler: {
      connectionTimeout: limits.connectionTimeoutMs,
      requestTimeout: limits.requestTimeoutMs,
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
  const requestTimeoutMs = (local ? LOCAL_CLIENT_LIMITS : CLIENT_LIMITS).requestTimeoutMs;
  return { dynamo, doc, sqs, requestTimeoutMs };
}

export function destroyAwsClients(clients: AwsClients): void {
  clients.doc.destroy();
  clients.dynamo.destroy();
  clients.sqs.destroy();
}
