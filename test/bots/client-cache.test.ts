import pino from 'pino';
import { ActivityTypes, type Activity, type ConversationReference, type TurnContext } from 'botbuilder';
import { createAdapter } from '../../src/bots/adapter';
import { BoundedCache } from '../../src/bots/client-cache';
import { loadConfig } from '../../src/config';

describe('BoundedCache', () => {
  it('makes a value once per key and shares it, also with a caller that asks while it is being made', async () => {
    const cache = new BoundedCache<object>(4);
    let made = 0;
    const make = async () => ({ n: ++made });
    const [a, b] = await Promise.all([cache.get('k', make), cache.get('k', make)]);
    expect(a).toBe(b);
    expect(await cache.get('k', make)).toBe(a);
    expect(made).toBe(1);
  });

  it('keeps at most `max` values, dropping the least recently used', async () => {
    const cache = new BoundedCache<string>(2);
    const make = (v: string) => async () => v;
    await cache.get('a', make('a1'));
    await cache.get('b', make('b1'));
    await cache.get('a', make('a2')); // 'a' used last: 'b' is now the least recently used
    await cache.get('c', make('c1'));
    expect(cache.size).toBe(2);
    expect(await cache.get('a', make('a3'))).toBe('a1');
    expect(await cache.get('b', make('b2'))).toBe('b2');
  });

  it('does not keep a failed making: the next caller tries again', async () => {
    const cache = new BoundedCache<string>(2);
    await expect(cache.get('k', () => Promise.reject(new Error('no network')))).rejects.toThrow('no network');
    expect(cache.size).toBe(0);
    expect(await cache.get('k', async () => 'made')).toBe('made');
  });
});

describe('the adapter reuses its channel clients across turns', () => {
  const config = loadConfig({ HELPLINE_DATA_DIR: '/nonexistent-not-used', NODE_ENV: 'test', LOG_LEVEL: 'silent' });
  const activity = (serviceUrl: string): Activity =>
    ({
      type: ActivityTypes.Message,
      id: 'a1',
      channelId: 'webchat',
      serviceUrl,
      from: { id: 'user-1' },
      recipient: { id: 'bot' },
      conversation: { id: 'conv-1' },
      text: 'hi',
      deliveryMode: 'expectReplies',
    }) as Activity;

  it('gives every turn to the same channel the same ConnectorClient and UserTokenClient, and another channel its own', async () => {
    const adapter = createAdapter(config, pino({ level: 'silent' }), []);
    const seen: { connector: unknown; tokens: unknown }[] = [];
    const logic = async (context: TurnContext) => {
      seen.push({ connector: context.turnState.get(context.adapter.ConnectorClientKey), tokens: context.turnState.get(adapter.UserTokenClientKey) });
    };
    await adapter.processActivityDirect('', activity('https://webchat.example.com/'), logic);
    await adapter.processActivityDirect('', activity('https://webchat.example.com/'), logic);
    await adapter.processActivityDirect('', activity('https://teams.example.com/'), logic);
    expect(seen).toHaveLength(3);
    expect(seen[0].connector).toBeDefined();
    expect(seen[1].connector).toBe(seen[0].connector);
    expect(seen[1].tokens).toBe(seen[0].tokens);
    expect(seen[2].connector).not.toBe(seen[0].connector);
    expect((seen[2].connector as { baseUri?: string }).baseUri).toBe('https://teams.example.com/');
  });

  it('reuses them for proactive messages too', async () => {
    const adapter = createAdapter(config, pino({ level: 'silent' }), []);
    const reference: Partial<ConversationReference> = { channelId: 'webchat', serviceUrl: 'https://webchat.example.com/', conversation: { id: 'conv-1' } as ConversationReference['conversation'], bot: { id: 'bot', name: 'bot' } };
    const connectors: unknown[] = [];
    for (let i = 0; i < 2; i++) {
      await adapter.continueConversationAsync('', reference, async (context) => {
        connectors.push(context.turnState.get(context.adapter.ConnectorClientKey));
      });
    }
    expect(connectors[0]).toBeDefined();
    expect(connectors[1]).toBe(connectors[0]);
  });
});
