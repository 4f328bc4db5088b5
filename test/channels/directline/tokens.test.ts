import { SqliteStore } from '../../../src/services/storage/sqlite-store';
import { DirectLineTokens, SIGNING_KEY_LOCATION } from '../../../src/channels/directline/tokens';
import { HttpError } from '../../../src/server/http-errors';

describe('DirectLineTokens', () => {
  let store: SqliteStore;
  let clock: number;
  const now = () => clock;

  beforeEach(() => {
    store = new SqliteStore({ dataDir: ':memory:' });
    clock = Date.UTC(2026, 10, 1, 12, 0, 0);
  });
  afterEach(() => store.close());

  const statusOf = async (promise: Promise<unknown>) => {
    try {
      await promise;
      return 'accepted';
    } catch (error) {
      return error instanceof HttpError ? `${error.status} ${error.code}` : String(error);
    }
  };

  it('accepts its own token until it expires an hour later, then answers 401', async () => {
    const tokens = new DirectLineTokens(store, { now });
    const { token } = await tokens.issue({ conversationId: 'conv-aaaaaaaa', userId: 'dl_user' });
    await expect(tokens.verify(token)).resolves.toMatchObject({ conversationId: 'conv-aaaaaaaa', userId: 'dl_user' });
    clock += 3599 * 1000;
    expect(await statusOf(tokens.verify(token))).toBe('accepted');
    clock += 1000;
    expect(await statusOf(tokens.verify(token))).toBe('401 token_expired');
  });

  it('is still valid after a restart (another instance on the same store), because the key is stored', async () => {
    const { token } = await new DirectLineTokens(store, { now }).issue({ conversationId: 'conv-bbbbbbbb', userId: 'u1' });
    expect(await store.get(SIGNING_KEY_LOCATION.container, SIGNING_KEY_LOCATION.partition, SIGNING_KEY_LOCATION.key)).toBeDefined();
    const afterRestart = new DirectLineTokens(store, { now });
    await expect(afterRestart.verifyFor(token, 'conv-bbbbbbbb')).resolves.toMatchObject({ userId: 'u1' });
    expect(await statusOf(afterRestart.verifyFor(token, 'conv-cccccccc'))).toBe('403 wrong_conversation');
  });

  it('is refused by a server with another key, and two instances starting together agree on one key', async () => {
    const other = new SqliteStore({ dataDir: ':memory:' });
    const { token } = await new DirectLineTokens(other, { now }).issue({ conversationId: 'conv-dddddddd', userId: 'u1' });
    other.close();
    expect(await statusOf(new DirectLineTokens(store, { now }).verify(token))).toBe('401 invalid_token');

    const [a, b] = [new DirectLineTokens(store, { now }), new DirectLineTokens(store, { now })];
    const [fromA, fromB] = await Promise.all([a.issue({ conversationId: 'conv-eeeeeeee', userId: 'u' }), b.derive('x', 'y')]);
    expect(await statusOf(b.verify(fromA.token))).toBe('accepted');
    expect(await a.derive('x', 'y')).toBe(fromB);
  });

  it('refuses a missing or malformed token with 401', async () => {
    const tokens = new DirectLineTokens(store, { now });
    expect(await statusOf(tokens.verify(undefined))).toBe('401 missing_token');
    expect(await statusOf(tokens.verify('a.b.c'))).toBe('401 invalid_token');
    const { token } = await tokens.issue({ conversationId: 'conv-ffffffff', userId: 'u' });
    expect(await statusOf(tokens.verify(`${token}x`))).toBe('401 invalid_token');
  });
});
