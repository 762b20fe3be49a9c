import { type components, createExchangeClient, type ExchangeClient } from '../../clients/exchange/index.ts';

/**
 * The README walk-through as a program, through the typed client generated from the OpenAPI document
 * (clients/exchange): a municipality gets a token and hands over the README's minimal case, reads it
 * back, the centre it was routed to leases and acks it, and the municipality's feed shows the delivery.
 * Each step prints one line; a step that does not answer as the README says throws.
 */

type CaseSubmission = components['schemas']['CaseSubmission'];

/** The README's minimal case; it compiles only while the document lets a client send it as it is. */
export function readmeMinimalCase(municipalReference: string): CaseSubmission {
  return {
    municipalReference,
    person: {
      familyName: 'Beispiel',
      givenNames: 'Amal',
      dateOfBirth: '1990-04-12',
      nationalities: ['SYR'],
      languages: ['ar'],
      interpreterRequired: true,
    },
    residence: { status: 'vollziehbar_ausreisepflichtig', departureDeadline: '2027-01-31' },
    consent: { dataTransfer: true, signedOn: '2026-11-20' },
    contact: { name: 'Sachbearbeitung Ausländerbehörde', email: 'abh@example.org' },
  };
}

export interface WalkthroughOptions {
  /** The API, e.g. `http://127.0.0.1:3000` (no trailing slash). */
  baseUrl: string;
  /** The demo clients' secret of the local issuer. */
  clientSecret: string;
  /** Where each step's line goes (console.log by default). */
  log?: (line: string) => void;
  /** How long to wait for the work item and the feed event, in ms (the contract: an event within 5 s). */
  waitMs?: number;
}

/** What the walk-through saw: the case id, its status after the ack (or at hand-over), and the feed event of the delivery. */
export interface WalkthroughResult {
  caseId: string;
  status: string;
  /** Undefined when the centre steps were skipped because the centre had other work waiting. */
  feedEvent: components['schemas']['FeedEvent'] | undefined;
}

/** `POST /oauth/token` (RFC 6749 section 4.4) at the local issuer. @throws Error when the issuer refuses. */
export async function clientCredentialsToken(baseUrl: string, clientId: string, clientSecret: string): Promise<string> {
  const body = new URLSearchParams({ grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret });
  const response = await fetch(`${baseUrl}/oauth/token`, { method: 'POST', body });
  const answer = (await response.json()) as { access_token?: string; error?: string };
  if (!answer.access_token) throw new Error(`token for ${clientId}: ${response.status} ${answer.error ?? ''}`);
  return answer.access_token;
}

/** Fails a step with the status and the problem's type, never its body (it may name the person). */
function expectStatus(step: string, response: Response, status: number): void {
  if (response.status !== status) throw new Error(`${step}: expected ${status}, got ${response.status}`);
}

async function leaseOwnItem(centre: ExchangeClient, centreName: components['schemas']['Centre'], caseId: string, until: number) {
  while (Date.now() < until) {
    const { data, response } = await centre.POST('/v1/centres/{centre}/work/lease', {
      params: { path: { centre: centreName } },
      body: { max: 10, leaseSeconds: 60, waitSeconds: 2 },
    });
    expectStatus('lease', response, 200);
    const item = data?.items.find((i) => i.subject.id === caseId);
    if (item) return item;
  }
  throw new Error(`lease: the work item of ${caseId} did not arrive`);
}

/**
 * How many work items wait for or are leased by each centre (`GET /v1/admin/status` as the demo `admin`):
 * the walk-through leases only from a centre that has no other work, since leasing another request's
 * work and not acking it would cost that item a delivery attempt (five send it to the dead-letter queue).
 */
async function busyCentres(options: WalkthroughOptions): Promise<Record<string, number>> {
  const admin = createExchangeClient(options.baseUrl, await clientCredentialsToken(options.baseUrl, 'admin', options.clientSecret));
  const { data, response } = await admin.GET('/v1/admin/status', {});
  expectStatus('GET /v1/admin/status', response, 200);
  return Object.fromEntries(Object.entries(data?.centres ?? {}).map(([name, c]) => [name, c.queued + c.leased]));
}

/**
 * Runs the walk-through against a running stack. Uses a fresh file number and Idempotency-Key each run.
 * @throws Error naming the step that answered otherwise than the README says.
 */
export async function runWalkthrough(options: WalkthroughOptions): Promise<WalkthroughResult> {
  const log = options.log ?? console.log;
  const until = Date.now() + (options.waitMs ?? 20_000);
  const abh = createExchangeClient(options.baseUrl, await clientCredentialsToken(options.baseUrl, 'abh-03101', options.clientSecret));
  log('1. token for abh-03101 (Stadt Braunschweig) from /oauth/token');
  const waitingBefore = await busyCentres(options);

  const submitted = await abh.POST('/v1/cases', {
    params: { header: { 'idempotency-key': crypto.randomUUID() } },
    body: readmeMinimalCase(`ABH-2026-${crypto.randomUUID().slice(0, 8)}`),
  });
  expectStatus('POST /v1/cases', submitted.response, 201);
  const handedOver = submitted.data as components['schemas']['Case'];
  log(`2. POST /v1/cases: 201, case ${handedOver.id} ${handedOver.status}, routed to ${handedOver.centre} (${handedOver.routing.rule})`);

  const read = await abh.GET('/v1/cases/{id}', { params: { path: { id: handedOver.id } } });
  expectStatus('GET /v1/cases/{id}', read.response, 200);
  log(`3. GET /v1/cases/${handedOver.id}: 200, ${read.data?.status}`);

  const centreName = handedOver.centre;
  const others = waitingBefore[centreName] ?? 0;
  if (others > 0) {
    log(`4. skipped: ${others} other work items wait at ${centreName}; the walk-through leases only from an idle centre`);
    log('   (start the stack empty with `npm start -- --fresh`, or let `npm run worker` take the work)');
    return { caseId: handedOver.id, status: handedOver.status, feedEvent: undefined };
  }
  const centre = createExchangeClient(
    options.baseUrl,
    await clientCredentialsToken(options.baseUrl, `centre-${centreName}`, options.clientSecret),
  );
  const item = await leaseOwnItem(centre, centreName, handedOver.id, until);
  log(`4. centre-${centreName} leased ${item.type} (work ${item.workId})`);
  const acked = await centre.POST('/v1/centres/{centre}/work/ack', {
    params: { path: { centre: centreName } },
    body: { leaseTokens: [item.leaseToken] },
  });
  expectStatus('ack', acked.response, 200);
  if (acked.data?.succeeded.length !== 1) throw new Error(`ack: ${acked.data?.failed[0]?.status ?? 'no'} failure`);
  log('5. acked: the case is delivered');

  while (Date.now() < until) {
    const feed = await abh.GET('/v1/events', {});
    expectStatus('GET /v1/events', feed.response, 200);
    const feedEvent = feed.data?.items.find((e) => e.subject.id === handedOver.id && e.status === 'delivered');
    if (feedEvent) {
      log(`6. GET /v1/events: ${feedEvent.type} -> ${feedEvent.status} at ${feedEvent.at}`);
      return { caseId: handedOver.id, status: feedEvent.status ?? '', feedEvent };
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error('GET /v1/events: no delivery event for the case');
}
