import http from 'node:http';
import { startServer, type RunningServer } from '../support/server-process';

// The HTTP surface of the real server process: what a channel, a browser or an attacker can send.
let server: RunningServer;

beforeAll(async () => {
  server = await startServer();
}, 90_000);

afterAll(async () => {
  await server?.dispose();
});

const activity = (overrides: Record<string, unknown> = {}) => ({
  type: 'message',
  id: 'act-1',
  channelId: 'test',
  from: { id: 'user-1', name: 'Ada' },
  recipient: { id: 'bot' },
  conversation: { id: `conv-${Math.random().toString(36).slice(2)}` },
  text: 'hi',
  deliveryMode: 'expectReplies',
  ...overrides,
});

async function postMessages(body: string, contentType = 'application/json') {
  const response = await fetch(`${server.url}/api/messages`, { method: 'POST', headers: { 'content-type': contentType }, body });
  const text = await response.text();
  let json: any;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, json, text };
}

/** A request exactly as written: fetch would normalise "/vendor/../x" before sending it. */
function rawGet(path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port: server.port, path, method: 'GET' }, (res) => {
      let body = '';
      res.on('data', (chunk) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

async function expectHealthy() {
  const health = await fetch(`${server.url}/health`);
  expect(health.status).toBe(200);
  expect(await health.json()).toMatchObject({ status: 'ok' });
}

describe('POST /api/messages', () => {
  it('with deliveryMode expectReplies answers with the bot replies in the response body', async () => {
    const answer = await postMessages(JSON.stringify(activity()));
    expect(answer.status).toBe(200);
    const replies = answer.json.activities as { type: string; text?: string }[];
    expect(replies.length).toBeGreaterThan(0);
    expect(replies.some((r) => r.type === 'message' && /what can I help you with/i.test(r.text ?? ''))).toBe(true);
  });

  it.each([
    ['not JSON', '{"type": "message", ', 'application/json'],
    ['no type', JSON.stringify(activity({ type: undefined })), 'application/json'],
    ['an unknown type', JSON.stringify(activity({ type: 'hack' })), 'application/json'],
    ['no from', JSON.stringify(activity({ from: undefined })), 'application/json'],
    ['from without an id', JSON.stringify(activity({ from: { name: 'x' } })), 'application/json'],
    ['no conversation', JSON.stringify(activity({ conversation: undefined })), 'application/json'],
    ['a conversation that is a string', JSON.stringify(activity({ conversation: 'c1' })), 'application/json'],
    ['text over 10,000 characters', JSON.stringify(activity({ text: 'a'.repeat(10_001) })), 'application/json'],
    ['a body over 256 KB', JSON.stringify(activity({ padding: 'x'.repeat(300 * 1024) })), 'application/json'],
    ['a form body', 'type=message&text=hi', 'application/x-www-form-urlencoded'],
    ['plain text', 'hi', 'text/plain'],
    ['fields hidden under __proto__', `{"__proto__":${JSON.stringify(activity())}}`, 'application/json'],
    ['constructor.prototype pollution', `{"constructor":{"prototype":{"deliveryMode":"expectReplies"}},"__proto__":{"type":"message"}}`, 'application/json'],
  ])('refuses %s with 400 and a JSON error, and stays up', async (_name, body, contentType) => {
    const answer = await postMessages(body, contentType);
    expect(answer.status).toBe(400);
    expect(answer.json?.error).toEqual({ code: expect.any(String), message: expect.any(String) });
    await expectHealthy();
  });

  it('is not fooled by a polluted prototype on later requests', async () => {
    await postMessages('{"__proto__":{"deliveryMode":"expectReplies","serviceUrl":"http://evil.example"}}');
    // Had the prototype been polluted, this activity (no serviceUrl, no deliveryMode) would be accepted.
    const answer = await postMessages(JSON.stringify(activity({ deliveryMode: undefined })));
    expect(answer.status).toBe(400);
    expect(answer.json.error.message).toMatch(/serviceUrl/);
  });

  // Found by the fuzz test: botbuilder answers invokes it has no handler for with 501.
  it.each([
    ['a named invoke Helpline does not offer', { name: 'composeExtension/query', value: { commandId: 'x' } }],
    ['an invoke without a name', {}],
  ])('answers %s with 400 and a reason, not a server error', async (_label, fields) => {
    // As channels send invokes: not expectReplies, the HTTP answer is the invoke response.
    const answer = await postMessages(JSON.stringify(activity({ type: 'invoke', text: undefined, deliveryMode: undefined, serviceUrl: 'http://127.0.0.1:9/unused', ...fields })));
    expect(answer.status).toBe(400);
    expect(answer.json).toMatchObject({ error: 'unsupported_invoke', message: expect.stringContaining('invoke') });
    await expectHealthy();
  });
});

describe('GET /health', () => {
  it('answers { status: "ok" }', async () => {
    await expectHealthy();
  });
});

describe('unknown routes and static files', () => {
  it('answers an unknown route with 404 and a JSON error', async () => {
    const response = await fetch(`${server.url}/no/such/route`);
    expect(response.status).toBe(404);
    expect((await response.json()).error).toMatchObject({ code: 'not_found', message: expect.any(String) });
  });

  it('serves the widget page and Web Chat from the server itself', async () => {
    const page = await fetch(`${server.url}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    expect(page.headers.get('set-cookie')).toBeNull();
    const html = await page.text();
    expect(html).toContain('<html lang="en">');
    expect(html).not.toMatch(/https?:\/\/(?!directline\.botframework\.com)[a-z0-9.-]+\//i); // no CDN
    const webchat = await fetch(`${server.url}/vendor/webchat.js`);
    expect(webchat.status).toBe(200);
  });

  it.each(['/..%2f..%2fpackage.json', '/vendor/../package.json', '/vendor/..%2f..%2fpackage.json', '/%2e%2e/package.json', '/widget.js/../../package.json', '/package.json'])(
    'does not serve files outside the static map: %s',
    async (path) => {
      const answer = await rawGet(path);
      expect(answer.status).not.toBe(200);
      expect(answer.body).not.toContain('"devDependencies"');
    },
  );
});
