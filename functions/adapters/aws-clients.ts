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
const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };

export interface ClientOptions {
  region: string;
  /** Both set for the local stores; both unset on AWS. */
  local?: { dynamoEndpoint: string; sqsEndpoint: string };
}

export function createAwsClients(options: ClientOptions): AwsClients {
  const local = options.local;
  const dynamo = new DynamoDBClient(
    local
      ? { region: LOCAL_REGION, endpoint: local.dynamoEndpoint, credentials: LOCAL_CREDENTIALS, maxAttempts: 3 }
      : { region: options.region },
  );
  const sqs = new SQSClient(
    local
      ? { region: LOCAL_REGION, endpoint: local.sqsEndpoint, credentials: LOCAL_CREDENTIALS, maxAttempts: 3 }
      : { region: options.region },
  );
  const doc = DynamoDBDocumentClient.from(dynamo, { marshallOptions: { removeUndefinedValues: true } });
  return { dynamo, doc, sqs };
}

export function destroyAwsClients(clients: AwsClients): void {
  clients.doc.destroy();
  clients.dynamo.destroy();
  clients.sqs.destroy();
}
