import { GetQueueUrlCommand, SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { WorkMessage } from '../../schemas/work-message.ts';
import type { Centre } from '../core/centres.ts';
import type { WorkPublisher } from '../core/ports/work-publisher.ts';
import type { ResourceNames } from './resources.ts';

/** Sends work to the centre's FIFO queue: one group per subject keeps its order, the workId deduplicates. */
export class SqsWorkPublisher implements WorkPublisher {
  readonly #sqs: SQSClient;
  readonly #queues: ResourceNames['queues'];
  readonly #urls = new Map<Centre, Promise<string>>();

  constructor(sqs: SQSClient, queues: ResourceNames['queues']) {
    this.#sqs = sqs;
    this.#queues = queues;
  }

  /** Looked up once per centre and process (cold start), then reused. */
  queueUrl(centre: Centre): Promise<string> {
    let url = this.#urls.get(centre);
    if (!url) {
      url = this.#sqs.send(new GetQueueUrlCommand({ QueueName: this.#queues[centre].name })).then((r) => r.QueueUrl as string);
      url.catch(() => this.#urls.delete(centre));
      this.#urls.set(centre, url);
    }
    return url;
  }

  async publish(message: WorkMessage): Promise<void> {
    await this.#sqs.send(
      new SendMessageCommand({
        QueueUrl: await this.queueUrl(message.centre),
        MessageBody: JSON.stringify(message),
        MessageGroupId: message.subject.id,
        MessageDeduplicationId: message.workId,
      }),
    );
  }
}
