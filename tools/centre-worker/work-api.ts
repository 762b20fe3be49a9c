import createClient from 'openapi-fetch';
import type { components, paths } from '../../clients/exchange/index.ts';

/**
 * The centre's side of the exchange API that this worker uses, as CONTRACT.md "Centres: pulling assigned
 * work" specifies it: a client-credentials token, `work/lease`, `work/ack` and `work/release`. Written
 * against the public contract only, as a centre's IT vendor would: through the typed client generated
 * from the OpenAPI document (clients/exchange), so a change of the document that breaks it fails typecheck.
 */

/** The work types of the document (`LeasedWorkItem.type`). */
export type WorkType = WorkItem['type'];

/** One leased work item, as the document describes it. `resource` is the case or consultation request, with personal data. */
export type WorkItem = components['schemas']['LeasedWorkItem'];

/** A lease request with every field given: `max` 1-10 items, `leaseSeconds` 30-900, `waitSeconds` 0-20 of long polling. */
export type LeaseRequest = Required<components['schemas']['LeaseRequest']>;

/** The answer of ack and release: the settled tokens and, per failed token, its status and title. */
export type SettleResult = components['schemas']['SettleResult'];

export interface WorkApi {
  /** Gets a token now, so that a wrong URL or client shows at start rather than in the loop. */
  signIn(): Promise<void>;
  lease(request: LeaseRequest): Promise<WorkItem[]>;
  ack(leaseTokens: string[]): Promise<SettleResult>;
  /** Hands items back at once (or after `delaySeconds`); counts as a failed delivery. */
  release(leaseTokens: string[], delaySeconds?: number): Promise<SettleResult>;
}

/** A refused or failed call; `transient` ones (network, 429, 5xx) are worth retrying. */
export class WorkApiError extends Error {
  readonly status: number | undefined;
  readonly transient: boolean;
  /** Seconds from a `Retry-After` header, if the API sent one. */
  readonly retryAfterSeconds: number | undefined;

  constructor(message: string, options: { status?: number; retryAfterSeconds?: number; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = 'WorkApiError';
    this.status = options.status;
    this.transient = options.status === undefined || options.status === 429 || options.status >= 500;
    this.retryAfterSeconds = options.retryAfterSeconds;
  }
}

export interface WorkApiOptions {
  /** The API, e.g. `http://127.0.0.1:3000`. */
  baseUrl: string;
  /** OAuth2 token endpoint (client credentials, RFC 6749 section 4.4). */
  tokenUrl: string;
  centre: string;
  clientId: string;
  clientSecret: string;
}

/** Renews a token this long before it expires, so that no call goes out with one about to lapse. */
const TOKEN_MARGIN_MS = 60_000;

/** The HTTP client of the worker: fetches and renews its token, and calls the work endpoints. */
export function createWorkApi(options: WorkApiOptions): WorkApi {
  let token: { value: string; renewAt: number } | undefined;

  async function accessToken(): Promise<string> {
    if (token && Date.now() < token.renewAt) return token.value;
    const body = new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: options.clientId,
      client_secret: options.clientSecret,
    });
    const response = await fetch(options.tokenUrl, { method: 'POST', body }).catch((cause: unknown) => {
      throw new WorkApiError(`no answer from the token endpoint ${options.tokenUrl}`, { cause });
    });
    const answer = (await response.json().catch(() => ({}))) as { access_token?: string; expires_in?: number; error?: string };
    if (!response.ok || !answer.access_token) {
      throw new WorkApiError(`the token endpoint refused ${options.clientId}: ${answer.error ?? response.status}`, {
        status: response.status,
      });
    }
    token = { value: answer.access_token, renewAt: Date.now() + (answer.expires_in ?? 300) * 1000 - TOKEN_MARGIN_MS };
    return token.value;
  }

  const client = createClient<paths>({ baseUrl: options.baseUrl });
  client.use({
    async onRequest({ request }) {
      request.headers.set('Authorization', `Bearer ${await accessToken()}`);
      return request;
    },
  });
  const centre = options.centre as components['schemas']['Centre'];
  const path = { centre };

  type Call<T> = () => Promise<{ data?: T; error?: unknown; response: Response }>;

  /** Runs one typed call: once more with a fresh token after a 401, a WorkApiError for any other refusal. */
  async function send<T>(action: string, call: Call<T>, renewed = false): Promise<T> {
    const { data, error, response } = await call().catch((cause: unknown) => {
      throw new WorkApiError(`no answer from ${options.baseUrl} (${action})`, { cause });
    });
    if (response.status === 401 && !renewed) {
      // The token may have been revoked or the issuer's keys rotated: one fresh token, one more try.
      token = undefined;
      return send(action, call, true);
    }
    if (data === undefined) {
      const problem = (error ?? {}) as { type?: string; title?: string; detail?: string };
      const retryAfter = Number(response.headers.get('retry-after'));
      throw new WorkApiError(`${action}: ${response.status} ${problem.type ?? ''} ${problem.detail ?? problem.title ?? ''}`.trim(), {
        status: response.status,
        ...(Number.isFinite(retryAfter) && retryAfter > 0 ? { retryAfterSeconds: retryAfter } : {}),
      });
    }
    return data;
  }

  return {
    signIn: async () => {
      await accessToken();
    },
    lease: async (request) =>
      (await send('lease', () => client.POST('/v1/centres/{centre}/work/lease', { params: { path }, body: request }))).items,
    ack: (leaseTokens) => send('ack', () => client.POST('/v1/centres/{centre}/work/ack', { params: { path }, body: { leaseTokens } })),
    release: (leaseTokens, delaySeconds) =>
      send('release', () =>
        client.POST('/v1/centres/{centre}/work/release', {
          params: { path },
          body: { leaseTokens, ...(delaySeconds ? { delaySeconds } : {}) },
        }),
      ),
  };
}
