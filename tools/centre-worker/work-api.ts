/**
 * The centre's side of the exchange API that this worker uses, as CONTRACT.md "Centres: pulling assigned
 * work" specifies it: a client-credentials token, `work/lease`, `work/ack` and `work/release`. Written
 * against the public contract only, as a centre's IT vendor would.
 */

export type WorkType =
  | 'case.submitted'
  | 'case.withdrawn'
  | 'case.transferred'
  | 'consultation.submitted'
  | 'consultation.withdrawn'
  | 'consultation.transferred';

/** One leased work item. `resource` is the case or consultation request, with personal data. */
export interface WorkItem {
  /** Stable across redeliveries: the key to deduplicate by. */
  workId: string;
  /** Opaque; settles this delivery (ack, release, extend). */
  leaseToken: string;
  /** RFC 3339; after it the item is handed out again. */
  leaseExpiresAt: string;
  /** 1 on the first delivery, more on a redelivery. */
  deliveryCount: number;
  type: WorkType;
  subject: { type: 'case' | 'consultation'; id: string };
  resource: Record<string, unknown>;
}

export interface LeaseRequest {
  /** 1-10 items. */
  max: number;
  /** 30-900 s: how long the items stay ours. */
  leaseSeconds: number;
  /** 0-20 s of long polling when nothing is waiting. */
  waitSeconds: number;
}

export interface SettleResult {
  succeeded: string[];
  failed: { leaseToken: string; status: number; title: string }[];
}

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

  async function post<T>(action: string, payload: unknown, renewed = false): Promise<T> {
    const url = `${options.baseUrl}/v1/centres/${encodeURIComponent(options.centre)}/work/${action}`;
    const response = await fetch(url, {
      method: 'POST',
      headers: { Authorization: `Bearer ${await accessToken()}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(payload),
    }).catch((cause: unknown) => {
      throw new WorkApiError(`no answer from ${url}`, { cause });
    });
    if (response.status === 401 && !renewed) {
      // The token may have been revoked or the issuer's keys rotated: one fresh token, one more try.
      token = undefined;
      return post<T>(action, payload, true);
    }
    if (!response.ok) {
      const problem = (await response.json().catch(() => ({}))) as { type?: string; title?: string; detail?: string };
      const retryAfter = Number(response.headers.get('retry-after'));
      throw new WorkApiError(`${action}: ${response.status} ${problem.type ?? ''} ${problem.detail ?? problem.title ?? ''}`.trim(), {
        status: response.status,
        ...(Number.isFinite(retryAfter) && retryAfter > 0 ? { retryAfterSeconds: retryAfter } : {}),
      });
    }
    return (await response.json()) as T;
  }

  return {
    signIn: async () => {
      await accessToken();
    },
    lease: async (request) => (await post<{ items: WorkItem[] }>('lease', request)).items,
    ack: (leaseTokens) => post<SettleResult>('ack', { leaseTokens }),
    release: (leaseTokens, delaySeconds) => post<SettleResult>('release', { leaseTokens, ...(delaySeconds ? { delaySeconds } : {}) }),
  };
}
