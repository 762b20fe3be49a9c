import { GetQueueUrlCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { Centre } from '../core/centres.ts';
import type { ResourceNames } from './resources.ts';

/** The URLs of each centre's queue and dead-letter queue, looked up once per process (cold start). */
export class QueueUrls {
  readonly #sqs: SQSClient;
  readonly #queues: ResourceNames['queues'];
  readonly #urls = new Map<string, Promise<string>>();

  constructor(sqs: SQSClient, queues: ResourceNames['queues']) {
    this.#sqs = sqs;
    this.#queues = queues;
  }

  /** The centre's work queue. */
  main(centre: Centre): Promise<string> {
    return this.#lookup(this.#queues[centre].name);
  }

  /** The centre's dead-letter queue. */
  deadLetter(centre: Centre): Promise<string> {
    return this.#lookup(this.#queues[centre].deadLetterName);
  }

  #lookup(name: string): Promise<string> {
    let url = this.#urls.get(name);
    if (!url) {
      url = this.#sqs.send(new GetQueueUrlCommand({ QueueName: name })).then((r) => r.QueueUrl as string);
      // A failed lookup is not cached: the next call tries again.
      url.catch(() => this.#urls.delete(name));
      this.#urls.set(name, url);
    }
    return url;
  }
}
