import { resourceSpecs } from '../../functions/adapters/resources.ts';
import type { FunctionName } from '../../infra/bundle/bundle-function.ts';
import type { TestApp } from '../support/runtime.ts';
import { type ArnMapping, type AuthorisationRequest, authorisationRequests } from './authorisation-requests.ts';
import type { AwsCallRecorder } from './aws-call-recorder.ts';
import type { Bundled, HttpResult } from './bundled.ts';
import { httpEvent } from './bundled.ts';
import { ACCOUNT, describeRequest, isAllowed, resolver } from './iam-evaluator.ts';
import { functionsOf, storesOf, synth } from './template.ts';

const REGION = 'eu-central-1';

/** Invokes the bundled functions as their triggers would (API Gateway HTTP API events for the HTTP functions). */
export function invoker(t: TestApp, b: Bundled) {
  // The bundle's handlers record their calls themselves (bundled() with the recorder).
  const invoke = <T>(name: FunctionName, event: unknown) =>
    (b.handlers[name] as unknown as (event: unknown, context: unknown) => Promise<T>)(event, {});
  return {
    invoke,
    /** An HTTP API request to a function, with a token of `clientId` (none when undefined) and a JSON body. */
    async http(name: FunctionName, method: string, path: string, clientId?: string, body?: unknown, headers: Record<string, string> = {}) {
      const auth: Record<string, string> = clientId ? { authorization: `Bearer ${await t.token(clientId)}` } : {};
      const contentType: Record<string, string> = body === undefined ? {} : { 'content-type': 'application/json' };
      const event = httpEvent(method, path, { ...auth, ...contentType, ...headers }, body === undefined ? undefined : JSON.stringify(body));
      const [route, query = ''] = path.split('?');
      Object.assign(event, { rawPath: route, rawQueryString: query });
      Object.assign(event.requestContext.http, { path: route });
      const result = await invoke<HttpResult>(name, event);
      // Some answers are not JSON (the export's NDJSON, base64-encoded by the adapter): they are kept as text.
      const json = () => {
        try {
          return JSON.parse(result.body) as Record<string, unknown> & { id: string };
        } catch {
          return { id: '', text: result.body };
        }
      };
      return { status: result.statusCode, json };
    },
  };
}

/**
 * The role statements of every function in the synthesised stack, and a check of recorded calls against
 * them: each call (each part of a transaction) must be allowed by its own function's role, with the
 * stack's resource ARNs, index ARNs and partition keys.
 */
export function roleCheck(t: TestApp) {
  const template = synth();
  const functions = functionsOf(template);
  const stores = storesOf(template);
  const { resolve, arnOf } = resolver(template, REGION);
  const resources = template.toJSON().Resources as Record<string, { Type: string; Properties: Record<string, unknown> }>;
  const checkpointKey = Object.entries(resources).find(([, r]) => r.Type === 'AWS::KMS::Key' && r.Properties.KeySpec === 'ECC_NIST_P256');
  const map: ArnMapping = {
    region: REGION,
    account: ACCOUNT,
    local: t.runtime.resources,
    deployed: resourceSpecs('rueckkehr-test'),
    secretArn: arnOf(stores.secret),
    checkpointKeyArn: arnOf(checkpointKey?.[0] ?? ''),
  };
  return {
    requestsOf: (recorder: AwsCallRecorder): AuthorisationRequest[] => recorder.calls().flatMap((call) => authorisationRequests(call, map)),
    /** Every request its function's role does not allow, described (function, action, resource, partition key). */
    denied(requests: AuthorisationRequest[]): string[] {
      const out = requests.filter((r) => !isAllowed(functions[r.caller as FunctionName].statements, r, resolve)).map(describeRequest);
      return [...new Set(out)];
    },
  };
}
