import { Duration } from 'aws-cdk-lib';
import type { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import { Alarm, ComparisonOperator, type IMetric, MathExpression, Metric, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import { CENTRE_DIMENSION } from '../../functions/adapters/powertools-metrics.ts';
import type { Centre } from '../../functions/core/centres.ts';
import { METRICS_NAMESPACE, metricNames } from '../../functions/core/ports/metrics.ts';
import type { DataStores } from './data-stores.ts';

/** Thresholds of the alarms; see README, "Alarms". */
export const ALARM_THRESHOLDS = {
  /** Work waiting on a centre's queue longer than this (s): the centre has stopped pulling. */
  oldestMessageAgeSeconds: 3600,
  /** An accepted item not on its queue after this (s): the relay is stuck (it normally takes seconds). */
  pendingOutboxAgeSeconds: 300,
  /** Share of API answers that are 5xx within 5 minutes, in percent. */
  serverErrorPercent: 1,
} as const;

export interface AlarmsProps {
  stores: DataStores;
  api: HttpApi;
  functions: Record<string, LambdaFunction>;
  /** The `service` dimension of the application's metrics (POWERTOOLS_SERVICE_NAME). */
  metricsService: string;
  /** Where alarms are mailed; the topic exists either way (subscribe a pager to it). */
  email?: string | undefined;
}

/**
 * The CloudWatch alarms of a deployment, all notifying one SNS topic: a dead-letter queue that is not
 * empty, a centre's oldest waiting message, the oldest pending outbox entry (the relay's gauge), the
 * API's 5xx rate, errors and throttles of every function, and the exchange log's verification.
 */
export class ExchangeAlarms extends Construct {
  readonly topic: Topic;
  readonly alarms: Alarm[] = [];

  constructor(scope: Construct, id: string, props: AlarmsProps) {
    super(scope, id);
    this.topic = new Topic(this, 'topic', { displayName: 'Rückkehr-Exchange alarms', enforceSSL: true });
    if (props.email) this.topic.addSubscription(new EmailSubscription(props.email));
    const five = Duration.minutes(5);

    for (const [centre, { queue, deadLetterQueue }] of Object.entries(props.stores.queues)) {
      this.#alarm(`${centre}-dead-letters`, {
        metric: deadLetterQueue.metricApproximateNumberOfMessagesVisible({ period: five, statistic: 'Maximum' }),
        threshold: 1,
        description: `Work of ${centre} is in the dead-letter queue: see GET /v1/admin/status, then POST /v1/admin/redrive`,
      });
      this.#alarm(`${centre}-oldest-message`, {
        metric: queue.metricApproximateAgeOfOldestMessage({ period: five, statistic: 'Maximum' }),
        threshold: ALARM_THRESHOLDS.oldestMessageAgeSeconds,
        description: `Work has waited on the queue of ${centre} for over an hour: is the centre's worker pulling?`,
      });
      this.#alarm(`${centre}-pending-outbox`, {
        metric: this.#gauge(props.metricsService, metricNames.oldestPendingOutboxAge, centre as Centre),
        threshold: ALARM_THRESHOLDS.pendingOutboxAgeSeconds,
        description: `Accepted work for ${centre} has not reached its queue for 5 minutes (or the relay reports nothing): check the relay`,
        // The relay reports every minute: silence means it is not running.
        missing: TreatMissingData.BREACHING,
      });
    }

    const serverErrors = props.api.metricServerError({ period: five, statistic: 'Sum' });
    const requests = props.api.metricCount({ period: five, statistic: 'Sum' });
    this.#alarm('api-5xx-rate', {
      metric: new MathExpression({
        expression: 'IF(requests > 0, 100 * errors / requests, 0)',
        usingMetrics: { errors: serverErrors, requests },
        period: five,
        label: '5xx in % of requests',
      }),
      threshold: ALARM_THRESHOLDS.serverErrorPercent,
      description: 'More than 1 % of API answers in 5 minutes were 5xx',
    });

    for (const [name, fn] of Object.entries(props.functions)) {
      this.#alarm(`${name}-errors`, {
        metric: fn.metricErrors({ period: five, statistic: 'Sum' }),
        threshold: 1,
        description: `The ${name} function failed (an invocation error, not an answered 4xx/5xx)`,
      });
      this.#alarm(`${name}-throttles`, {
        metric: fn.metricThrottles({ period: five, statistic: 'Sum' }),
        threshold: 1,
        description: `Invocations of the ${name} function were throttled (account concurrency exhausted)`,
      });
    }

    this.#alarm('exchange-log-verification', {
      metric: new Metric({
        namespace: METRICS_NAMESPACE,
        metricName: EXCHANGE_LOG_VERIFICATION_FAILURES,
        dimensionsMap: { service: props.metricsService },
        period: five,
        statistic: 'Sum',
      }),
      threshold: 1,
      description:
        'The exchange log does not verify (an entry edited, deleted or reordered, or a checkpoint signature wrong): the sequencer signs no new checkpoint until it does. Run GET /v1/audit/verify for the first broken entry',
    });
  }

  #gauge(service: string, name: string, centre: Centre): IMetric {
    return new Metric({
      namespace: METRICS_NAMESPACE,
      metricName: name,
      dimensionsMap: { service, [CENTRE_DIMENSION]: centre },
      period: Duration.minutes(5),
      statistic: 'Maximum',
    });
  }

  #alarm(id: string, options: { metric: IMetric; threshold: number; description: string; missing?: TreatMissingData }): void {
    const alarm = new Alarm(this, id, {
      metric: options.metric,
      threshold: options.threshold,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: options.missing ?? TreatMissingData.NOT_BREACHING,
      alarmDescription: options.description,
    });
    alarm.addAlarmAction(new SnsAction(this.topic));
    alarm.addOkAction(new SnsAction(this.topic));
    this.alarms.push(alarm);
  }
}

/**
 * The metric of failed exchange-log verifications (1 per sequencer run whose tail check failed, 0 per
 * run that passed), emitted by the sequencer (functions/entry/sequencer-run.ts) through Powertools.
 */
export const EXCHANGE_LOG_VERIFICATION_FAILURES = metricNames.exchangeLogVerificationFailures;
