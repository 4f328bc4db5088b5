import { DirectLine, type Activity, type DirectLineOptions } from 'botframework-directlinejs';
import { Observable } from 'rxjs/Observable';
import type { AjaxRequest } from 'rxjs/observable/dom/AjaxObservable';

/**
 * DirectLineJS expects a browser (XMLHttpRequest, WebSocket). Node has fetch, so its `ajax`
 * service is replaced by one over fetch with the same observable contract: a response carries
 * `status` and parsed `response`; a failure is an error with `status` (0 for network errors)
 * and an `xhr.getResponseHeader` for the Retry-After it reads on 429.
 */
export function fetchAjax(request: string | AjaxRequest): Observable<{ status: number; response: unknown; request: AjaxRequest }> {
  const req: AjaxRequest = typeof request === 'string' ? { url: request, method: 'GET' } : request;
  return new Observable((subscriber) => {
    const controller = new AbortController();
    const timer = req.timeout ? setTimeout(() => controller.abort(), req.timeout) : undefined;
    const headers = { ...(req.headers as Record<string, string> | undefined) };
    const body = req.body === undefined || typeof req.body === 'string' ? (req.body as string | undefined) : JSON.stringify(req.body);
    fetch(req.url ?? '', { method: req.method ?? 'GET', headers, body, signal: controller.signal })
      .then(async (res) => {
        const text = await res.text();
        let response: unknown = text;
        try {
          response = text ? JSON.parse(text) : null;
        } catch {
          // not JSON: keep the text
        }
        const xhr = { getResponseHeader: (name: string) => res.headers.get(name) };
        if (res.status >= 200 && res.status < 300) {
          subscriber.next({ status: res.status, response, request: req });
          subscriber.complete();
        } else {
          subscriber.error(Object.assign(new Error(`HTTP ${res.status}`), { status: res.status, response, xhr, request: req }));
        }
      })
      .catch((error: unknown) => subscriber.error(Object.assign(new Error(String(error)), { status: 0, xhr: { getResponseHeader: () => null } })))
      .finally(() => clearTimeout(timer));
    return () => controller.abort();
  });
}

/** The fallback WebSocket DirectLineJS looks up on construction; polling never opens one. */
class NoWebSocket {
  constructor() {
    throw new Error('this client polls (webSocket: false)');
  }
}

/** A real DirectLineJS client in polling mode, as the widget uses it, running in Node. */
export function createDirectLineClient(options: { domain: string; token: string; conversationId?: string; watermark?: string; pollingInterval?: number }): DirectLine {
  const directLineOptions: DirectLineOptions = {
    domain: options.domain,
    token: options.token,
    conversationId: options.conversationId,
    watermark: options.watermark,
    webSocket: false,
    pollingInterval: options.pollingInterval ?? 250,
    timeout: 20_000,
  };
  return new DirectLine({ ...directLineOptions, ajax: fetchAjax as never, WebSocket: NoWebSocket as never });
}

/** Collects activities from `directLine` until `done(collected)` is true or the time is up. */
export function collectActivities(directLine: DirectLine, done: (activities: Activity[]) => boolean, timeoutMs = 15_000): Promise<Activity[]> {
  return new Promise((resolve, reject) => {
    const collected: Activity[] = [];
    const timer = setTimeout(() => {
      subscription.unsubscribe();
      reject(new Error(`timed out after ${timeoutMs} ms; got: ${JSON.stringify(collected.map((a) => [a.type, a.from?.role, (a as { text?: string }).text]))}`));
    }, timeoutMs);
    const subscription = directLine.activity$.subscribe({
      next: (activity) => {
        collected.push(activity);
        if (done(collected)) {
          clearTimeout(timer);
          setImmediate(() => subscription.unsubscribe());
          resolve(collected);
        }
      },
      error: (error: unknown) => {
        clearTimeout(timer);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    });
  });
}

/** Posts an activity and resolves with its id (DirectLineJS answers "retry" when it failed). */
export function post(directLine: DirectLine, activity: Partial<Activity>): Promise<string> {
  return new Promise((resolve, reject) => {
    directLine.postActivity({ from: { id: 'ignored-by-server' }, ...activity } as Activity).subscribe({ next: resolve, error: reject });
  });
}

/** Plain REST access to a Direct Line, for what a client library hides (status codes, raw bodies). */
export class DirectLineRest {
  constructor(readonly domain: string) {}

  static forServer(baseUrl: string): DirectLineRest {
    return new DirectLineRest(`${baseUrl}/v3/directline`);
  }

  async request(method: string, path: string, options: { token?: string; body?: unknown; rawBody?: string } = {}): Promise<{ status: number; body: any }> {
    const headers: Record<string, string> = {};
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    let body: string | undefined = options.rawBody;
    if (options.body !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(options.body);
    } else if (body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(`${this.domain}${path}`, { method, headers, body });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // keep the text
    }
    return { status: response.status, body: parsed };
  }

  async generateToken(user?: { id?: string; name?: string }): Promise<{ token: string; conversationId: string }> {
    const { status, body } = await this.request('POST', '/tokens/generate', user ? { body: { user } } : {});
    if (status !== 200) throw new Error(`tokens/generate answered ${status}: ${JSON.stringify(body)}`);
    return body;
  }

  /** A started conversation (the bot has had its conversationUpdate and said its welcome). */
  async startConversation(user?: { id?: string; name?: string }): Promise<{ token: string; conversationId: string }> {
    const generated = await this.generateToken(user);
    const { status, body } = await this.request('POST', '/conversations', { token: generated.token });
    if (status !== 201 && status !== 200) throw new Error(`conversations answered ${status}: ${JSON.stringify(body)}`);
    return generated;
  }

  async send(conversation: { token: string; conversationId: string }, text: string): Promise<string> {
    const { status, body } = await this.request('POST', `/conversations/${conversation.conversationId}/activities`, {
      token: conversation.token,
      body: { type: 'message', text, from: { id: 'someone' } },
    });
    if (status !== 200) throw new Error(`posting answered ${status}: ${JSON.stringify(body)}`);
    return body.id;
  }

  async activities(conversation: { token: string; conversationId: string }, watermark?: string): Promise<{ activities: any[]; watermark: string }> {
    const query = watermark === undefined ? '' : `?watermark=${encodeURIComponent(watermark)}`;
    const { status, body } = await this.request('GET', `/conversations/${conversation.conversationId}/activities${query}`, { token: conversation.token });
    if (status !== 200) throw new Error(`reading activities answered ${status}: ${JSON.stringify(body)}`);
    return body;
  }
}

/** Text of the bot's messages among `activities`. */
export function botTexts(activities: { type: string; from?: { role?: string }; text?: string }[]): string[] {
  return activities.filter((a) => a.type === 'message' && a.from?.role === 'bot').map((a) => a.text ?? '');
}
