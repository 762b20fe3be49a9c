import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { WorkMessage } from '../../schemas/work-message.ts';
import type { WorkPublisher } from '../core/ports/work-publisher.ts';
import type { QueueUrls } from './sqs-queue-urls.ts';

/** Sends work to the centre's FIFO queue: one group per subject keeps its order, the workId deduplicates. */
export class SqsWorkPublisher implements WorkPublisher {
  readonly #sqs: SQSClient;
  readonly #urls: QueueUrls;

  constructor(sqs: SQSClient, urls: QueueUrls) {
    this.#sqs = sqs;
    this.#urls = urls;
  }

  async publish(message: WorkMessage, deduplicationId = message.workId): Promise<void> {
    await this.#sqs.send(
      new SendMessageCommand({
        QueueUrl: await this.#urls.main(message.centre),
        MessageBody: JSON.stringify(message),
        MessageGroupId: message.subject.id,
        MessageDeduplicationId: deduplicationId,
      }),
    );
  }
}
