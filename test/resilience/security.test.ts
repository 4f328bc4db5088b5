import http from 'node:http';
import { randomBytes } from 'node:crypto';
import pino from 'pino';
import { createApp, type App } from '../../src/app';
import { loadConfig } from '../../src/config';
import type { ContainerName } from '../../src/services/storage/containers';
import { createStore } from '../../src/services/storage/create-store';
import { ForwardingStore } from '../../src/services/storage/forwarding-store';
import type { Store, StoredRecord } from '../../src/services/storage/store';
import { TechnicianAccounts } from '../../src/services/handoff/technician-accounts';
import { channelActivity, startTestBot, type TestBot } from '../support/conversation';
import { ChannelConversation, stepOf } from './support/channel';
import { BOT_FRAMEWORK_ISSUER, newSigningKey, signToken, startOpenIdServer, unsignedToken, type SigningKey } from './support/openid';
import { removeTempDirs, tempDir } from '../support/temp-dir';

/**
 * Who may talk to the server: the Bot Framework channel only with a token it signed for this
 * bot; technicians only with a live session; a Direct Line client only in its own conversation;
 * and a browser only to the static files that exist.
 */

/** Holds the next read of dialog state until released, so a turn is still running while other requests arrive. */
class GateStore extends ForwardingStore {
  private gate?: { reached: () => void; opened: Promise<void> };

  /** Holds the next dialog-state read; `reached` resolves when a turn is held there. */
  holdNext(): { reached: Promise<void>; release: () => void } {
    let release!: () => void;
    let reached!: () => void;
    const opened = new Promise<void>((resolve) => (release = resolve));
    const atGate = new Promise<void>((resolve) => (reached = resolve));
    this.gate = { reached, opened };
    return { reached: atGate, release };
  }

  override async get<T>(container: ContainerName, partition: string, key: string): Promise<StoredRecord<T> | undefined> {
    const gate = this.gate;
    if (container === 'botstate' && gate) {
      this.gate = undefined;
      gate.reached();
      await gate.opened;
    }
    return super.get<T>(container, partition, key);
  }
}

describe('/api/messages with channel authentication on (MicrosoftAppId set)', () => {
  const APP_ID = '00000000-1111-2222-3333-444444444444';
  const SERVICE_URL = 'https://smba.trafficmanager.net/teams/';
  const CHANNEL = 'msteams';
  let key: SigningKey;
  let openId: Awaited<ReturnType<typeof startOpenIdServer>>;
  let app: App;
  let url: string;
  let gate: GateStore;

  beforeAll(async () => {
    key = newSigningKey();
    openId = await startOpenIdServer(key, [CHANNEL, 'webchat']);
    const dataDir = tempDir('helpline-security-');
    // A per-client limit of 1 request a second (bursts of 5): /api/messages must not be limited with channel authentication on.
    const config = loadConfig({ HELPLINE_DATA_DIR: dataDir, PORT: '0', NODE_ENV: 'test', LOG_LEVEL: 'silent', MicrosoftAppId: APP_ID, MicrosoftAppPassword: 'not-used-offline', MicrosoftAppType: 'MultiTenant', HELPLINE_RATE_LIMIT: '1' });
    expect(config.localMode).toBe(false);
    // The real ConfigurationBotFrameworkAuthentication, pointed at our OpenID metadata and otherwise
    // the public cloud's settings (with any one of them set, the others must be given too).
    gate = new GateStore(await createStore(config.env, { now: Date.now }));
    app = await createApp(config, pino({ level: 'silent' }), {
      store: gate as Store,
      authOverrides: {
        BotOpenIdMetadata: openId.metadataUrl,
        ToBotFromEmulatorOpenIdMetadataUrl: openId.metadataUrl,
        ToBotFromChannelTokenIssuer: BOT_FRAMEWORK_ISSUER,
        ToChannelFromBotLoginUrl: 'https://login.microsoftonline.com/botframework.com',
        ToChannelFromBotOAuthScope: 'https://api.botframework.com',
        OAuthUrl: 'https://api.botframework.com',
        CallerId: 'urn:botframework:azure',
        ValidateAuthority: true,
      },
    });
    url = `http://127.0.0.1:${await app.listen()}`;
    // botbuilder logs every refused token with console.error; the refusals are the point here.
    jest.spyOn(console, 'error').mockImplementation(() => undefined);
  }, 60_000);

  afterAll(async () => {
    await app?.close();
    await openId?.close();
    jest.restoreAllMocks();
  });

  const now = () => Math.floor(Date.now() / 1000);
  const claims = (over: Record<string, unknown> = {}) => ({ iss: BOT_FRAMEWORK_ISSUER, aud: APP_ID, serviceurl: SERVICE_URL, nbf: now() - 60, exp: now() + 3600, ...over });
  const conversation = (authorization?: string, channelId = CHANNEL) =>
    new ChannelConversation(url, channelId, undefined, authorization === undefined ? {} : { authorization });
  const send = (c: ChannelConversation) => c.say('my printer says offline', { serviceUrl: SERVICE_URL });

  it('accepts a token signed by the channel key for this bot: the turn runs and the user gets the flow', async () => {
    const answer = await send(conversation(`Bearer ${signToken(key, claims())}`));
    expect(answer.status).toBe(200);
    expect(stepOf(answer)?.stepId).toBe('power-cycle');
  });

  it("does not limit /api/messages per client address: only the Bot Framework service posts there, with every user's messages", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) statuses.push((await send(conversation(`Bearer ${signToken(key, claims())}`))).status);
    expect(statuses).toEqual(Array(8).fill(200));
  });

  // Every row names its channel: jest reads a test function with more parameters than row values as one taking `done`.
  it.each<[string, () => string | undefined, string]>([
    ['no Authorization header', () => undefined, CHANNEL],
    ['a bearer string that is not a JWT', () => 'Bearer not-a-token', CHANNEL],
    ['a token signed by an unknown key', () => `Bearer ${signToken(newSigningKey(), claims())}`, CHANNEL],
    ['a token for another bot (audience)', () => `Bearer ${signToken(key, claims({ aud: 'another-bot' }))}`, CHANNEL],
    ['an expired token', () => `Bearer ${signToken(key, claims({ nbf: now() - 7200, exp: now() - 3600 }))}`, CHANNEL],
    ['a token from another issuer', () => `Bearer ${signToken(key, claims({ iss: 'https://evil.example.com' }))}`, CHANNEL],
    ['a token for another service URL', () => `Bearer ${signToken(key, claims({ serviceurl: 'https://evil.example.com/' }))}`, CHANNEL],
    ['a token for a channel the key is not endorsed for', () => `Bearer ${signToken(key, claims())}`, 'slack'],
  ])('refuses %s with 401, and the bot does not run', async (_name, authorization, channelId) => {
    const answer = await send(conversation(authorization(), channelId));
    expect(answer.status).toBe(401);
    expect(answer.replies).toEqual([]);
  });

  /** Tokens whose signature does not verify: jsonwebtoken's own errors, not AuthenticationError. */
  const forged: [string, () => string][] = [
    ['an unsigned token (alg none)', () => `Bearer ${unsignedToken(claims(), key.kid)}`],
    ['a token signed by another key under the same key id', () => `Bearer ${signToken({ ...newSigningKey(), kid: key.kid }, claims())}`],
    ['a token whose signature was tampered with', () => `Bearer ${tamper(signToken(key, claims()))}`],
    ['a token whose claims were changed after signing', () => `Bearer ${swapClaims(signToken(key, claims({ aud: 'another-bot' })), claims())}`],
  ];

  it.each(forged)('refuses %s: the bot does not run', async (_name, authorization) => {
    const answer = await send(conversation(authorization()));
    expect(answer.status).toBeGreaterThanOrEqual(400);
    expect(answer.replies).toEqual([]);
  });

  // A flood of unsigned requests naming someone's conversation must not stand in that user's queue:
  // they are refused before taking a place in it, while the user's own turn is still running.
  it("refuses requests without a valid token for a busy conversation at once, without waiting for or delaying its user's turns", async () => {
    const user = conversation(`Bearer ${signToken(key, claims())}`);
    expect(stepOf(await send(user))?.stepId).toBe('power-cycle');
    const forgedAuthorizations = [undefined, 'Bearer not-a-token', `Bearer ${unsignedToken(claims(), key.kid)}`, `Bearer ${signToken(newSigningKey(), claims())}`];
    const held = gate.holdNext();
    let released = false;
    const first = user.say('Still offline');
    await held.reached;
    // Each request names the user's conversation; they come back while the user's turn is still held.
    const impostor = (authorization?: string) =>
      fetch(`${url}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
        body: JSON.stringify(channelActivity(CHANNEL, user.user, user.conversationId, { type: 'message', text: 'Wi-Fi', serviceUrl: SERVICE_URL })),
      }).then((res) => ({ status: res.status, whileHeld: !released }));
    // Released after 3 s whatever happens, so that the old order (impostors queued behind the turn) fails instead of hanging.
    const releaseLater = setTimeout(() => {
      released = true;
      held.release();
    }, 3000);
    const refused = await Promise.all(forgedAuthorizations.map(impostor));
    expect(refused).toEqual(forgedAuthorizations.map(() => ({ status: 401, whileHeld: true })));
    // The user's next message, sent after them, is answered right after the first: at the step the first moved to.
    const second = user.say('Wi-Fi');
    await new Promise((resolve) => setTimeout(resolve, 200)); // it waits behind the held turn
    clearTimeout(releaseLater);
    released = true;
    held.release();
    expect(stepOf(await first)?.stepId).toBe('connection-type');
    expect(stepOf(await second)?.stepId).toBe('same-network');
  });

  // botframework-connector lets jsonwebtoken's errors ("invalid signature", "jwt signature is
  // required") escape as plain errors, which CloudAdapter would answer with HTTP 500 and the error
  // text; src/bots/adapter.ts turns them into AuthenticationErrors, answered 401.
  it.each(forged)('answers %s with 401 (not 500)', async (_name, authorization) => {
    const answer = await send(conversation(authorization()));
    expect(answer.status).toBe(401);
  });
});

describe('the technician API', () => {
  let bot: TestBot;
  const login = async (username: string, password: string) => {
    const res = await fetch(`${bot.url}/api/technician/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
    return { status: res.status, body: (await res.json()) as { token?: string } };
  };
  const list = (headers: Record<string, string>) => fetch(`${bot.url}/api/technician/handoffs?status=waiting`, { headers });

  beforeAll(async () => {
    bot = await startTestBot({ env: { LOG_LEVEL: 'warn' } });
    await new TechnicianAccounts(bot.app.store, bot.clock.now).add({ username: 'sec-tech', role: 'technician', password: 'security-password-1' });
  }, 60_000);

  afterAll(async () => {
    await bot?.close();
  });

  it('a signed-in technician can list the queue (so the refusals below are about the token)', async () => {
    const { token } = (await login('sec-tech', 'security-password-1')).body;
    expect((await list({ authorization: `Bearer ${token}` })).status).toBe(200);
  });

  it.each<[string, () => Record<string, string>]>([
    ['no token', () => ({})],
    ['a forged token of the right shape', () => ({ authorization: `Bearer ${randomBytes(32).toString('base64url')}` })],
    ['a malformed token', () => ({ authorization: 'Bearer ../../../etc/passwd' })],
    ['a forged session cookie', () => ({ cookie: `helpline_technician=${randomBytes(32).toString('base64url')}` })],
    ['Basic credentials instead of a token', () => ({ authorization: `Basic ${Buffer.from('sec-tech:security-password-1').toString('base64')}` })],
  ])('refuses %s with 401', async (_name, headers) => {
    const res = await list(headers());
    expect(res.status).toBe(401);
    expect(JSON.stringify(await res.json())).not.toMatch(/handoffs"\s*:/);
  });

  it('refuses a token after its session expired (8 hours)', async () => {
    const { token } = (await login('sec-tech', 'security-password-1')).body;
    expect((await list({ authorization: `Bearer ${token}` })).status).toBe(200);
    bot.clock.advance(8 * 3600 * 1000 + 1000);
    expect((await list({ authorization: `Bearer ${token}` })).status).toBe(401);
  });

  it('refuses a token after logout', async () => {
    const { token } = (await login('sec-tech', 'security-password-1')).body;
    const logout = await fetch(`${bot.url}/api/technician/logout`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
    expect(logout.status).toBe(204);
    expect((await list({ authorization: `Bearer ${token}` })).status).toBe(401);
  });

  it('refuses a wrong password with 401 and gives no token', async () => {
    const { status, body } = await login('sec-tech', 'not-the-password');
    expect(status).toBe(401);
    expect(body.token).toBeUndefined();
  });
});

describe('Direct Line tokens', () => {
  let bot: TestBot;
  const dl = (p: string, token: string, init: RequestInit = {}) =>
    fetch(`${bot.url}/v3/directline${p}`, { ...init, headers: { authorization: `Bearer ${token}`, ...(init.body ? { 'content-type': 'application/json' } : {}) } });
  const generate = async () => (await (await fetch(`${bot.url}/v3/directline/tokens/generate`, { method: 'POST' })).json()) as { token: string; conversationId: string };

  beforeAll(async () => {
    bot = await startTestBot({ env: { LOG_LEVEL: 'warn' } });
  }, 60_000);

  afterAll(async () => {
    await bot?.close();
  });

  it("a token reads and posts in its own conversation but cannot read, post to or refresh into another's", async () => {
    const alice = await generate();
    const bob = await generate();
    expect((await dl('/conversations', bob.token, { method: 'POST' })).status).toBeLessThan(300);
    const said = await dl(`/conversations/${bob.conversationId}/activities`, bob.token, { method: 'POST', body: JSON.stringify({ type: 'message', text: 'my email is bob@example.com', from: { id: 'bob' } }) });
    expect(said.status).toBe(200);
    // Control: Bob reads his own conversation.
    const own = await dl(`/conversations/${bob.conversationId}/activities`, bob.token);
    expect(own.status).toBe(200);
    expect(JSON.stringify(await own.json())).toContain('bob@example.com');

    for (const [method, p, body] of [
      ['GET', `/conversations/${bob.conversationId}/activities`, undefined],
      ['GET', `/conversations/${bob.conversationId}/activities?watermark=0`, undefined],
      ['GET', `/conversations/${bob.conversationId}`, undefined],
      ['POST', `/conversations/${bob.conversationId}/activities`, JSON.stringify({ type: 'message', text: 'I am Bob now', from: { id: 'bob' } })],
    ] as const) {
      const res = await dl(p, alice.token, { method, body });
      expect([401, 403, 404]).toContain(res.status);
      expect(await res.text()).not.toContain('bob@example.com');
    }
  });

  it('a tampered token is refused', async () => {
    const { token, conversationId } = await generate();
    const res = await dl(`/conversations/${conversationId}/activities`, tamper(token));
    expect([401, 403]).toContain(res.status);
  });
});

describe('static files', () => {
  let bot: TestBot;

  beforeAll(async () => {
    bot = await startTestBot({ env: { LOG_LEVEL: 'warn' } });
  }, 60_000);

  afterAll(async () => {
    await bot?.close();
  });

  /** A GET with the path exactly as written (fetch would normalise the dots away). */
  const rawGet = (p: string) =>
    new Promise<{ status: number; body: string }>((resolve, reject) => {
      const { port } = new URL(bot.url);
      const req = http.request({ host: '127.0.0.1', port, path: p, method: 'GET' }, (res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString('utf8')));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      });
      req.on('error', reject);
      req.end();
    });

  it('the widget and console files are served (so the refusals below are about the paths)', async () => {
    expect((await rawGet('/widget.js')).status).toBe(200);
    expect((await rawGet('/console/console.js')).status).toBe(200);
  });

  it.each([
    '/../package.json',
    '/../../../../etc/passwd',
    '/console/../../package.json',
    '/%2e%2e/package.json',
    '/%2e%2e%2f%2e%2e%2fpackage.json',
    '/console/%2e%2e/%2e%2e/package.json',
    '/vendor/..%2f..%2fpackage.json',
    '/vendor/..%5c..%5cpackage.json',
    '/widget.js/../../package.json',
    '/console/console.js%00.html',
    '//etc/passwd',
    '/src/config.ts',
    '/.env',
    '/data/helpline.db',
    '/node_modules/botframework-webchat/package.json',
  ])('GET %s reveals no file', async (p) => {
    const { status, body } = await rawGet(p);
    expect(status).toBeGreaterThanOrEqual(400);
    expect(status).toBeLessThan(500);
    expect(body).not.toMatch(/"name":\s*"helpline"|root:x:0:0|MicrosoftAppPassword|SQLite format|"dependencies"/);
  });
});

/** Flips one character in the middle of the signature. */
function tamper(token: string): string {
  const i = token.lastIndexOf('.') + 10;
  return token.slice(0, i) + (token[i] === 'A' ? 'B' : 'A') + token.slice(i + 1);
}

/** Keeps header and signature of `token` and puts other claims in: a signature over different claims. */
function swapClaims(token: string, claims: object): string {
  const [head, , signature] = token.split('.');
  return `${head}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${signature}`;
}

afterAll(removeTempDirs);
