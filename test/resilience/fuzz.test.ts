import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { fromRoot } from '../../src/paths';
import { TechnicianAccounts } from '../../src/services/handoff/technician-accounts';
import { loadNluContent } from '../../src/services/nlu/content';
import { loadNoticeCatalogue } from '../../src/services/privacy/notices';
import { loadFlows } from '../../src/services/troubleshooting/flow-loader';
import { startTestBot, type TestBot } from '../support/conversation';
import { startServer } from '../support/server-process';
import { activityShape, anyHeaderValue, anyText, bodyFrom, deepJson, encodeAny, pathSegment, plausibleActivity, plausibleDirectLineActivity } from './support/fuzz-inputs';
import { removeTempDirs, tempDir } from '../support/temp-dir';

/**
 * Whatever arrives on the wire, the server answers with a 4xx or a success, never a 5xx, and
 * stays up: random activity shapes, any Unicode, huge strings, deep nesting and
 * prototype-pollution keys on /api/messages, the Direct Line endpoints and the technician API.
 * Broken content files stop the server at startup with an error naming the file and line.
 */

const RUNS = 200;
let bot: TestBot;
let technicianToken: string;
let directLine: { token: string; conversationId: string };
const fiveHundreds: string[] = [];
/** Status codes of the current test's requests, so a test can show its inputs got past validation. */
let statuses: number[] = [];

interface Sent {
  method: string;
  path: string;
  body?: string;
  headers?: Record<string, string | undefined>;
  /** A plausible activity on a valid token: most of these must get through, not only avoid a 5xx. */
  plausible?: true;
}
/** Status codes of the current test's plausible requests. */
let plausibleStatuses: number[] = [];

/** Sends a request as-is (raw body, any header) and records any 5xx with what caused it. */
async function send(request: Sent): Promise<number> {
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(request.headers ?? {})) if (v !== undefined) headers[k] = v;
  if (request.body !== undefined && !headers['content-type']) headers['content-type'] = 'application/json';
  const response = await fetch(`${bot.url}${request.path}`, { method: request.method, headers, body: request.body, signal: AbortSignal.timeout(20_000) });
  const text = await response.text();
  statuses.push(response.status);
  if (request.plausible) plausibleStatuses.push(response.status);
  if (response.status >= 500) fiveHundreds.push(`${request.method} ${request.path.slice(0, 120)} -> ${response.status} ${text.slice(0, 200)} (body: ${(request.body ?? '').slice(0, 200)})`);
  return response.status;
}

const fuzz = <T>(arbitrary: fc.Arbitrary<T>, toRequest: (value: T) => Sent) =>
  fc.assert(
    fc.asyncProperty(arbitrary, async (value) => {
      const status = await send(toRequest(value));
      return status < 500;
    }),
    { numRuns: RUNS, endOnFailure: true },
  );

beforeAll(async () => {
  // Hundreds of requests a second from one address, meant for the handlers behind the per-client limit (off in tests; it has its own).
  bot = await startTestBot({ env: { LOG_LEVEL: 'warn' } });
  await new TechnicianAccounts(bot.app.store, bot.clock.now).add({ username: 'fuzz-tech', role: 'supervisor', password: 'fuzz-password-123' });
  const login = await fetch(`${bot.url}/api/technician/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'fuzz-tech', password: 'fuzz-password-123' }) });
  expect(login.status).toBe(200);
  technicianToken = ((await login.json()) as { token: string }).token;
  const generated = await fetch(`${bot.url}/v3/directline/tokens/generate`, { method: 'POST' });
  directLine = (await generated.json()) as { token: string; conversationId: string };
  expect(directLine.token).toBeTruthy();
}, 60_000);

afterAll(async () => {
  await bot?.close();
});

beforeEach(() => {
  statuses = [];
  plausibleStatuses = [];
});

afterEach(async () => {
  // The server is still up and healthy, and nothing reached Object.prototype.
  const health = await fetch(`${bot.url}/health`);
  expect(health.status).toBe(200);
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  expect(fiveHundreds).toEqual([]);
});

describe('/api/messages', () => {
  it('answers any activity shape with a 2xx or 4xx', async () => {
    await fuzz(bodyFrom(activityShape), (body) => ({ method: 'POST', path: '/api/messages', body }));
  }, 120_000);

  it('runs plausible activities with random text and extra fields through the whole bot without a 5xx', async () => {
    await fuzz(bodyFrom(plausibleActivity), (body) => ({ method: 'POST', path: '/api/messages', body }));
    // Most of these passed validation and ran middleware, dialogs and storage.
    expect(statuses.filter((s) => s === 200).length).toBeGreaterThan(RUNS / 3);
  }, 120_000);

  it('answers odd content types, huge and deeply nested bodies with a 4xx', async () => {
    const odd = fc.record({
      body: fc.oneof(deepJson, anyText, fc.integer({ min: 200_000, max: 400_000 }).map((n) => `{"type":"message","text":"${'a'.repeat(n)}"}`)),
      type: fc.constantFrom('application/json', 'text/plain', 'application/x-www-form-urlencoded', 'application/json; charset=utf-16', 'application/vnd.api+json', ''),
    });
    await fuzz(odd, ({ body, type }) => ({ method: 'POST', path: '/api/messages', body, headers: { 'content-type': type || undefined } }));
  }, 120_000);
});

describe('the Direct Line endpoints', () => {
  const conversationPath = (id: string) => `/v3/directline/conversations/${id}`;

  it('token and conversation endpoints answer any body and authorization with a 2xx or 4xx', async () => {
    const request = fc.record({
      path: fc.constantFrom('/v3/directline/tokens/generate', '/v3/directline/tokens/refresh', '/v3/directline/conversations', '/api/directline/token'),
      body: fc.option(bodyFrom(fc.record({ user: fc.record({ id: anyText, name: anyText }, { requiredKeys: [] }), trustedOrigin: anyText }, { requiredKeys: [] })), { nil: undefined }),
      authorization: anyHeaderValue,
    });
    await fuzz(request, (r) => ({ method: 'POST', path: r.path, body: r.body, headers: { authorization: r.authorization } }));
  }, 120_000);

  it('activities: any activity posted with a valid token, any conversation id and watermark, answer with a 2xx or 4xx', async () => {
    const request: fc.Arbitrary<Sent> = fc.oneof(
      bodyFrom(activityShape).map((body): Sent => ({ method: 'POST', path: `${conversationPath(directLine.conversationId)}/activities`, body, headers: { authorization: `Bearer ${directLine.token}` } })),
      fc.tuple(pathSegment, anyText).map(([id, watermark]): Sent => ({ method: 'GET', path: `${conversationPath(id)}/activities?watermark=${encodeAny(watermark)}`, headers: { authorization: `Bearer ${directLine.token}` } })),
      fc.tuple(pathSegment, anyHeaderValue).map(([id, authorization]): Sent => ({ method: 'GET', path: conversationPath(id), headers: { authorization } })),
      fc.tuple(pathSegment, bodyFrom(activityShape)).map(([id, body]): Sent => ({ method: 'POST', path: `/v3/directline/connector/v3/conversations/${id}/activities`, body })),
      {
        weight: 3,
        arbitrary: bodyFrom(plausibleDirectLineActivity).map(
          (body): Sent => ({ method: 'POST', path: `${conversationPath(directLine.conversationId)}/activities`, body, headers: { authorization: `Bearer ${directLine.token}` }, plausible: true }),
        ),
      },
    );
    await fuzz(request, (r) => r);
    // About 70% of the plausible posts are well-formed (the rest are polluted or cut bodies): they
    // ran through the whole bot. Counted among those posts only, so the mix of kinds a random run
    // draws does not move the bar.
    expect(plausibleStatuses.length).toBeGreaterThan(RUNS / 5);
    expect(plausibleStatuses.filter((s) => s === 200).length / plausibleStatuses.length).toBeGreaterThan(0.45);
  }, 120_000);
});

describe('the technician API', () => {
  const actions = ['', '/claim', '/messages', '/reveal', '/release', '/resolve', '/messages?after=', '/nonsense'];

  it('login answers any body with a 2xx or 4xx (wrong credentials are a 401 or 429)', async () => {
    const body = bodyFrom(fc.record({ username: fc.oneof(anyText, fc.constant('fuzz-tech')), password: fc.oneof(anyText, fc.constant('wrong-password-000')) }, { requiredKeys: [] }));
    await fuzz(body, (b) => ({ method: 'POST', path: '/api/technician/login', body: b }));
  }, 120_000);

  it('every route answers any id, query, body and token with a 2xx or 4xx', async () => {
    const request = fc.record({
      method: fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH'),
      id: pathSegment,
      action: fc.constantFrom(...actions),
      query: anyText,
      body: fc.option(bodyFrom(fc.record({ text: fc.oneof(anyText, fc.jsonValue()), field: fc.oneof(fc.constantFrom('email', 'phone', 'name', 'address'), anyText), note: anyText, resolution: anyText }, { requiredKeys: [] })), { nil: undefined }),
      authorization: fc.oneof({ weight: 3, arbitrary: fc.constant(`Bearer ${technicianToken}`) }, { weight: 1, arbitrary: anyHeaderValue }),
      list: fc.boolean(),
    });
    await fuzz(request, (r) => ({
      method: r.method,
      path: r.list ? `/api/technician/handoffs?status=${encodeAny(r.query)}` : `/api/technician/handoffs/${r.id}${r.action}${r.action.endsWith('=') ? encodeAny(r.query) : ''}`,
      body: r.method === 'GET' || r.method === 'DELETE' ? undefined : r.body,
      headers: { authorization: r.authorization },
    }));
    // Many requests reached the handlers (404 for unknown handoffs, 400 for bad bodies), not only the 401 gate.
    expect(statuses.filter((s) => s !== 401).length).toBeGreaterThan(RUNS / 3);
  }, 120_000);

  it('the audit log and logout answer any query and token with a 2xx or 4xx', async () => {
    const request = fc.record({ query: anyText, authorization: anyHeaderValue, logout: fc.boolean() });
    await fuzz(request, (r) =>
      r.logout
        ? { method: 'POST', path: '/api/technician/logout', headers: { authorization: r.authorization } }
        : { method: 'GET', path: `/api/technician/audit?handoff=${encodeAny(r.query)}`, headers: { authorization: r.authorization ?? `Bearer ${technicianToken}` } },
    );
  }, 120_000);
});

describe('malformed content files stop the server with the file and line', () => {
  const tmp = () => tempDir('helpline-broken-');

  it.each([
    ['a YAML syntax error', (t: string) => t.replace(/^company:\n/m, 'company:\n  name: "unterminated\n'), /invalid YAML/],
    ['a value of the wrong type', (t: string) => t.replace(/^(\s+transcripts:) \d+/m, '$1 ninety'), /retentionDays\.transcripts/],
  ])('HELPLINE_CONFIG with %s', async (_name, breakIt, what) => {
    const file = path.join(tmp(), 'helpline.config.yaml');
    const original = fs.readFileSync(fromRoot('content/helpline.config.yaml'), 'utf8');
    const broken = breakIt(original);
    expect(broken).not.toBe(original);
    fs.writeFileSync(file, broken);
    const error = await startServer({ env: { HELPLINE_CONFIG: file }, startTimeoutMs: 30_000 }).then(
      async (server) => {
        await server.dispose();
        return undefined;
      },
      (e: Error) => e,
    );
    expect(error?.message).toMatch(/exited \(code 1/);
    expect(error?.message).toContain(`${file}:`);
    expect(error?.message).toMatch(new RegExp(`${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+`));
    expect(error?.message).toMatch(what);
  }, 60_000);

  // The flow, notice and NLU folders are fixed paths in app.ts (not configurable), so their
  // loaders are checked directly: they are what startup calls.
  it('a troubleshooting flow with a YAML error or a schema error names the file and line', () => {
    expect(() => loadFlows(fromRoot('test/fixtures/flows/yaml-syntax'))).toThrow(/yaml-syntax\.yaml:\d+: YAML syntax/);
    expect(() => loadFlows(fromRoot('test/fixtures/flows/schema-error'))).toThrow(/bad-kind\.yaml:\d+: steps\.restart\.kind/);
  });

  it('a notice file with a YAML error names the file and line', () => {
    const dir = tmp();
    fs.cpSync(fromRoot('content/notices'), dir, { recursive: true });
    const file = path.join(dir, 'contact.yaml');
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace(/\n/, '\n  broken: [unclosed\n'));
    expect(() => loadNoticeCatalogue(dir)).toThrow(new RegExp(`contact\\.yaml:\\d+`));
  });

  it('an NLU training file with a YAML error names the file and line', async () => {
    const dir = tmp();
    fs.cpSync(fromRoot('content/nlu'), dir, { recursive: true });
    const file = path.join(dir, 'intents.yaml');
    const lines = fs.readFileSync(file, 'utf8').split('\n');
    lines.splice(4, 0, '  - { text: "unterminated');
    fs.writeFileSync(file, lines.join('\n'));
    await expect(loadNluContent(dir)).rejects.toThrow(/intents\.yaml.*line \d+/s);
  });
});

afterAll(removeTempDirs);
