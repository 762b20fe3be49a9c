import type { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { permissions } from '../../functions/core/permissions.ts';
import { METRICS_NAMESPACE, metricNames } from '../../functions/core/ports/metrics.ts';
import { publicRoutes, routeGroupOf } from '../../functions/core/route-groups.ts';
import { ALARM_THRESHOLDS, EXCHANGE_LOG_VERIFICATION_FAILURES } from '../../infra/constructs/alarms.ts';
import { DEFAULT_ROUTE_THROTTLE } from '../../infra/constructs/http-api.ts';
import { functionsOf, synth } from './template.ts';

type Resources = Record<string, { Type: string; Properties: Record<string, unknown> }>;

describe('CDK stack: HTTP API', () => {
  let template: Template;
  let resources: Resources;
  let functions: ReturnType<typeof functionsOf>;
  /** The function logical id each route key's integration invokes. */
  let targets: Map<string, string>;

  beforeAll(() => {
    template = synth();
    resources = template.toJSON().Resources as Resources;
    functions = functionsOf(template);
    const integrationTarget = (integration: string) =>
      Object.values(functions).find((f) => JSON.stringify(resources[integration]?.Properties.IntegrationUri).includes(`"${f.id}"`))?.id ??
      '';
    // A route's target is "integrations/<integration id>"; the integration's URI names the function.
    targets = new Map(
      Object.values(resources)
        .filter((r) => r.Type === 'AWS::ApiGatewayV2::Route')
        .map((r) => [
          String(r.Properties.RouteKey),
          integrationTarget(JSON.stringify(r.Properties.Target).match(/"Ref":"(\w+)"/)?.[1] ?? ''),
        ]),
    );
  });

  it('routes every operation of the permission table to the function of its route group, GET routes with HEAD', () => {
    expect(permissions.length).toBeGreaterThan(20);
    for (const permission of permissions) {
      const fn = functions[routeGroupOf(permission)].id;
      expect(targets.get(`${permission.method} ${permission.path}`), permission.operation).toBe(fn);
      if (permission.method === 'GET') expect(targets.get(`HEAD ${permission.path}`), permission.operation).toBe(fn);
    }
    expect(targets.get('GET /v1/cases/{id}')).toBe(functions.requests.id);
    expect(targets.get('POST /v1/cases/{id}/status')).toBe(functions['centre-work'].id);
    expect(targets.get('POST /v1/centres/{centre}/work/lease')).toBe(functions['centre-work'].id);
    expect(targets.get('POST /v1/admin/redrive')).toBe(functions.admin.id);
  });

  it('sends the public routes and every other path ($default) to the operations function', () => {
    for (const route of publicRoutes) expect(targets.get(`GET ${route.path}`)).toBe(functions.operations.id);
    expect(targets.get('$default')).toBe(functions.operations.id);
    // The relay and the sequencer are never reachable over HTTP.
    expect([...targets.values()]).not.toContain(functions.relay.id);
    expect([...targets.values()]).not.toContain(functions.sequencer.id);
  });

  it('throttles every route, and the catch-all lowest', () => {
    const stage = Object.values(resources).find((r) => r.Type === 'AWS::ApiGatewayV2::Stage');
    const settings = stage?.Properties.RouteSettings as Record<string, { ThrottlingRateLimit: number; ThrottlingBurstLimit: number }>;
    for (const key of targets.keys()) {
      expect(settings[key], key).toBeDefined();
      expect(settings[key]?.ThrottlingRateLimit, key).toBeGreaterThan(0);
      expect(settings[key]?.ThrottlingBurstLimit, key).toBeGreaterThanOrEqual(settings[key]?.ThrottlingRateLimit ?? 0);
    }
    expect(settings.$default).toEqual({
      ThrottlingRateLimit: DEFAULT_ROUTE_THROTTLE.rateLimit,
      ThrottlingBurstLimit: DEFAULT_ROUTE_THROTTLE.burstLimit,
    });
    expect(settings['POST /v1/cases']?.ThrottlingRateLimit).toBeLessThan(settings['GET /v1/cases']?.ThrottlingRateLimit ?? 0);
  });

  it('has no route for the local token issuer', () => {
    for (const key of targets.keys()) expect(key).not.toMatch(/oauth|jwks|well-known/);
  });
});

describe('CDK stack: alarms', () => {
  let template: Template;
  let alarms: { Properties: Record<string, unknown> }[];
  const byMetric = (name: string) => alarms.filter((a) => JSON.stringify(a.Properties).includes(`"${name}"`));

  beforeAll(() => {
    template = synth({ alarmEmail: 'ops@example.org' });
    alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm')) as typeof alarms;
  });

  it('notifies one topic, which mails the given address, of every alarm and its recovery', () => {
    template.resourceCountIs('AWS::SNS::Topic', 1);
    template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'ops@example.org' });
    for (const alarm of alarms) {
      expect(alarm.Properties.AlarmActions).toHaveLength(1);
      expect(alarm.Properties.OKActions).toHaveLength(1);
    }
  });

  it('alarms on a dead-letter queue that is not empty and on work waiting too long, per centre', () => {
    const dead = byMetric('ApproximateNumberOfMessagesVisible');
    expect(dead).toHaveLength(2);
    for (const alarm of dead) expect(alarm.Properties).toMatchObject({ Threshold: 1, ComparisonOperator: 'GreaterThanOrEqualToThreshold' });
    const oldest = byMetric('ApproximateAgeOfOldestMessage');
    expect(oldest).toHaveLength(2);
    for (const alarm of oldest) expect(alarm.Properties.Threshold).toBe(ALARM_THRESHOLDS.oldestMessageAgeSeconds);
  });

  it('alarms on the oldest pending outbox entry per centre, also when the relay stops reporting', () => {
    const pending = byMetric('OldestPendingOutboxAgeSeconds');
    expect(pending).toHaveLength(2);
    for (const alarm of pending) {
      expect(alarm.Properties).toMatchObject({
        Namespace: 'RueckkehrExchange',
        Threshold: ALARM_THRESHOLDS.pendingOutboxAgeSeconds,
        TreatMissingData: 'breaching',
      });
      expect(JSON.stringify(alarm.Properties.Dimensions)).toContain('rueckkehr-test');
    }
  });

  it('alarms on the API 5xx rate, on errors and throttles of every function, and on the exchange log failing verification', () => {
    const rate = alarms.filter((a) => JSON.stringify(a.Properties.Metrics ?? '').includes('100 * errors / requests'));
    expect(rate).toHaveLength(1);
    expect(rate[0]?.Properties.Threshold).toBe(ALARM_THRESHOLDS.serverErrorPercent);
    expect(byMetric('Errors')).toHaveLength(6);
    expect(byMetric('Throttles')).toHaveLength(6);
    expect(byMetric(EXCHANGE_LOG_VERIFICATION_FAILURES)).toHaveLength(1);
  });

  it('alarms on the verification metric that the sequencer emits, under its namespace and service', () => {
    const [alarm] = byMetric(EXCHANGE_LOG_VERIFICATION_FAILURES);
    // The name the sequencer counts (functions/entry/sequencer-run.ts), not merely a name of the alarm's own.
    expect(EXCHANGE_LOG_VERIFICATION_FAILURES).toBe(metricNames.exchangeLogVerificationFailures);
    expect(alarm?.Properties).toMatchObject({
      MetricName: metricNames.exchangeLogVerificationFailures,
      Namespace: METRICS_NAMESPACE,
      Dimensions: [{ Name: 'service', Value: 'rueckkehr-test' }],
      Statistic: 'Sum',
      Threshold: 1,
    });
    // The sequencer's metrics carry that service dimension (POWERTOOLS_SERVICE_NAME).
    const sequencer = functionsOf(template).sequencer;
    expect((sequencer.properties.Environment as { Variables: Record<string, string> }).Variables.POWERTOOLS_SERVICE_NAME).toBe(
      'rueckkehr-test',
    );
  });
});
