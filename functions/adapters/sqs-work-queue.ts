import {
  ChangeMessageVisibilityBatchCommand,
  DeleteMessageBatchCommand,
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import { type WorkMessage, WorkMessageSchema } from '../../schemas/work-message.ts';
import type { Centre } from '../core/centres.ts';
import type { QueueCounts, ReceivedWork, WorkQueue } from '../core/ports/work-queue.ts';
import { CLIENT_LIMITS } from './aws-clients.ts';
import type { QueueUrls } from './sqs-queue-urls.ts';

/** The shortest visibility this adapter sets (see setVisibility). */
export const MIN_VISIBILITY_SECONDS = 1;

/** SQS batch calls take at most 10 entries. */
function batches<T>(items: T[], size = 10): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** The centres' FIFO queues and dead-letter queues through SQS. */
export class SqsWorkQueue implements WorkQueue {
  readonly #sqs: SQSClient;
  readonly #urls: QueueUrls;
  readonly #parseFailures: (receipt: string) => void;
  readonly #requestTimeoutMs: number;

  /**
   * `onUnreadable` hears of a message that is not a work item (it stays and ends in the dead-letter queue);
   * `requestTimeoutMs` is the client's limit per attempt, which a long poll extends by its wait.
   */
  constructor(sqs: SQSClient, urls: QueueUrls, options: { onUnreadable?: (receipt: string) => void; requestTimeoutMs?: number } = {}) {
    this.#sqs = sqs;
    this.#urls = urls;
    this.#parseFailures = options.onUnreadable ?? (() => undefined);
    this.#requestTimeoutMs = options.requestTimeoutMs ?? CLIENT_LIMITS.requestTimeoutMs;
  }

  async receive(centre: Centre, options: { max: number; visibilitySeconds: number; waitSeconds: number }): Promise<ReceivedWork[]> {
    const { Messages = [] } = await this.#sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: await this.#urls.main(centre),
        MaxNumberOfMessages: options.max,
        VisibilityTimeout: options.visibilitySeconds,
        WaitTimeSeconds: options.waitSeconds,
      }),
      // A long poll waits up to waitSeconds on purpose: its attempt may take that much longer than the client's limit.
      { requestTimeout: this.#requestTimeoutMs + options.waitSeconds * 1000 },
    );
    const received: ReceivedWork[] = [];
    for (const m of Messages) {
      const parsed = WorkMessageSchema.safeParse(safeJson(m.Body));
      if (parsed.success && m.ReceiptHandle) received.push({ message: parsed.data, receipt: m.ReceiptHandle });
      else if (m.ReceiptHandle) this.#parseFailures(m.ReceiptHandle);
    }
    return received;
  }

  async delete(centre: Centre, receipts: string[]): Promise<void> {
    const QueueUrl = await this.#urls.main(centre);
    for (const batch of batches(receipts)) {
      await this.#sqs.send(
        new DeleteMessageBatchCommand({ QueueUrl, Entries: batch.map((ReceiptHandle, i) => ({ Id: String(i), ReceiptHandle })) }),
      );
    }
  }

  async setVisibility(centre: Centre, changes: { receipt: string; seconds: number }[]): Promise<{ notInFlight: string[] }> {
    const QueueUrl = await this.#urls.main(centre);
    const notInFlight: string[] = [];
    for (const batch of batches(changes)) {
      const { Failed = [] } = await this.#sqs.send(
        new ChangeMessageVisibilityBatchCommand({
          QueueUrl,
          // Never 0: the local SQS emulator (fauxqs 2.4.1) loses a message made visible with 0 while it
          // persists to disk (its "ready again" update writes NULL into a NOT NULL column). One second
          // later is the same release for a centre, on SQS and locally.
          Entries: batch.map((c, i) => ({
            Id: String(i),
            ReceiptHandle: c.receipt,
            VisibilityTimeout: Math.max(MIN_VISIBILITY_SECONDS, c.seconds),
          })),
        }),
      );
      for (const failure of Failed) {
        const change = batch[Number(failure.Id)];
        if (change) notInFlight.push(change.receipt);
      }
    }
    return { notInFlight };
  }

  async counts(centre: Centre): Promise<QueueCounts> {
    const attributes = async (url: Promise<string>) =>
      (
        await this.#sqs.send(
          new GetQueueAttributesCommand({
            QueueUrl: await url,
            AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
          }),
        )
      ).Attributes ?? {};
    const [main, dead] = await Promise.all([attributes(this.#urls.main(centre)), attributes(this.#urls.deadLetter(centre))]);
    const count = (value: string | undefined) => Number(value ?? 0);
    return {
      queued: count(main.ApproximateNumberOfMessages),
      leased: count(main.ApproximateNumberOfMessagesNotVisible),
      deadLettered: count(dead.ApproximateNumberOfMessages) + count(dead.ApproximateNumberOfMessagesNotVisible),
    };
  }

  async redrive(centre: Centre, limit: number): Promise<WorkMessage[]> {
    const [from, to] = await Promise.all([this.#urls.deadLetter(centre), this.#urls.main(centre)]);
    const moved: WorkMessage[] = [];
    while (moved.length < limit) {
      const { Messages = [] } = await this.#sqs.send(
        new ReceiveMessageCommand({ QueueUrl: from, MaxNumberOfMessages: Math.min(10, limit - moved.length), VisibilityTimeout: 60 }),
      );
      if (Messages.length === 0) break;
      for (const m of Messages) {
        const parsed = WorkMessageSchema.safeParse(safeJson(m.Body));
        if (!parsed.success) continue; // not a work item: left in the dead-letter queue for a person to look at
        const message = parsed.data;
        await this.#sqs.send(
          new SendMessageCommand({
            QueueUrl: to,
            MessageBody: m.Body,
            MessageGroupId: message.subject.id,
            // Not the workId (nor the message id, which a dead-lettered copy keeps): within FIFO's 5-minute
            // deduplication window either would swallow the redriven copy. Consumers deduplicate by workId.
            MessageDeduplicationId: `${message.workId}.${crypto.randomUUID()}`,
          }),
        );
        await this.#sqs.send(new DeleteMessageCommand({ QueueUrl: from, ReceiptHandle: m.ReceiptHandle }));
        moved.push(message);
      }
    }
    return moved;
  }
}

function safeJson(body: string | undefined): unknown {
  try {
    return JSON.parse(body ?? '');
  } catch {
    return undefined;
  }
}
