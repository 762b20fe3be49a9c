import { MetricUnit, Metrics as PowertoolsMetrics } from '@aws-lambda-powertools/metrics';
import { METRICS_NAMESPACE, type Metrics, metricNames } from '../core/ports/metrics.ts';

/** The metrics of a Lambda function, plus the flush its handler calls at the end of every invocation. */
export interface FlushableMetrics extends Metrics {
  /** Writes the counters of this invocation as one EMF log line (none when nothing was counted). */
  flush(): void;
}

/** The CloudWatch dimension that names the centre of a gauge. */
export const CENTRE_DIMENSION = 'Centre';

/**
 * Metrics in CloudWatch's embedded metric format (EMF) through Powertools: JSON lines on stdout that
 * CloudWatch Logs turns into metrics, no API call and no extra permission. `service` (the dimension
 * every metric carries) names the deployment, so alarms find the metric of every function under it.
 */
export function createPowertoolsMetrics(service: string): FlushableMetrics {
  const metrics = new PowertoolsMetrics({ namespace: METRICS_NAMESPACE, serviceName: service });
  return {
    count: (name, value = 1) => metrics.addMetric(name, MetricUnit.Count, value),
    gauge: (name, centre, value) => {
      // Its own EMF line: a centre dimension must not be added to the invocation's counters.
      const single = metrics.singleMetric();
      single.addDimension(CENTRE_DIMENSION, centre);
      single.addMetric(name, name === metricNames.deadLettered ? MetricUnit.Count : MetricUnit.Seconds, value);
    },
    flush: () => {
      if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
    },
  };
}
