import { TestAdapter, type StoreItems, type TurnContext } from 'botbuilder';
import { HelplineConversationState } from '../../src/bots/conversation-state';
import { StoreBotStorage } from '../../src/bots/store-bot-storage';
import { CountingStore } from '../../src/services/storage/counting-store';
import { SqliteStore } from '../../src/services/storage/sqlite-store';
import { LostAnswerStore } from '../support/lost-answer-store';

/** One turn of a TestAdapter whose bot is `logic`, over a store that counts its operations. */
async function turn(storage: StoreBotStorage, logic: (state: HelplineConversationState, context: TurnContext) => Promise<void>): Promise<void> {
  const state = new HelplineConversationState(storage);
  const adapter = new TestAdapter(async (context) => logic(state, context));
  await adapter.receiveActivity({ type: 'message', text: 'hi' });
}

describe('HelplineConversationState', () => {
  let store: CountingStore;
  let storage: StoreBotStorage;
  beforeEach(() => {
    store = new CountingStore(new SqliteStore({ dataDir: ':memory:' }));
    storage = new StoreBotStorage(store);
  });

  it('writes a changed state and reads it back in the next turn', async () => {
    await turn(storage, async (state, context) => {
      const count = state.createProperty<number>('count');
      await count.set(context, (await count.get(context, 0)) + 1);
      expect(state.willSave(context)).toBe(true);
      await state.saveChanges(context);
      expect(state.willSave(context)).toBe(false);
    });
    await turn(storage, async (state, context) => {
      expect(await state.createProperty<number>('count').get(context, 0)).toBe(1);
    });
    expect(store.snapshot().put).toBe(1);
  });

  it('does not write a state the turn read but did not change, even after nested objects were read', async () => {
    await turn(storage, async (state, context) => {
      await state.createProperty<{ a: { b: number[] } }>('data').set(context, { a: { b: [1, 2] } });
      await state.saveChanges(context);
    });
    const puts = store.snapshot().put;
    await turn(storage, async (state, context) => {
      const data = await state.createProperty<{ a: { b: number[] } }>('data').get(context);
      expect(data?.a.b).toEqual([1, 2]);
      expect(state.willSave(context)).toBe(false);
      await state.saveChanges(context);
    });
    expect(store.snapshot().put).toBe(puts);
  });

  it('sees a change deep inside the state (a mutated array), not only new properties', async () => {
    await turn(storage, async (state, context) => {
      await state.createProperty<{ list: number[] }>('data').set(context, { list: [1] });
      await state.saveChanges(context);
    });
    await turn(storage, async (state, context) => {
      const data = (await state.createProperty<{ list: number[] }>('data').get(context)) as { list: number[] };
      data.list.push(2);
      expect(state.willSave(context)).toBe(true);
      await state.saveChanges(context);
    });
    await turn(storage, async (state, context) => {
      expect(await state.createProperty<{ list: number[] }>('data').get(context)).toEqual({ list: [1, 2] });
    });
  });

  it('force writes an unchanged state; clear() and delete() (inherited) still work with the cheaper check', async () => {
    await turn(storage, async (state, context) => {
      await state.load(context);
      await state.saveChanges(context, true);
    });
    expect(store.snapshot().put).toBe(1);
    await turn(storage, async (state, context) => {
      await state.createProperty<number>('count').set(context, 5);
      await state.saveChanges(context);
      await state.clear(context);
      expect(state.willSave(context)).toBe(true);
      await state.saveChanges(context);
    });
    const key = 'test/conversations/Convo1/';
    expect(Object.keys(await storage.read([key]))).toEqual([key]);
    await turn(storage, async (state, context) => {
      expect(await state.createProperty<number>('count').get(context)).toBeUndefined();
      await state.delete(context);
    });
    const items: StoreItems = await storage.read([key]);
    expect(Object.keys(items)).toEqual([]);
  });

  // Two instances behind a load balancer, each given one of two messages sent at once.
  describe('a conversation saved by another instance during the turn', () => {
    const key = 'test/conversations/Convo1/';
    const stepProperty = (state: HelplineConversationState) => state.createProperty<string>('step');

    /** Runs `first` up to its save, then `second` whole, then lets `first` save; what first's save did. */
    async function overlapping(first: string, second: (state: HelplineConversationState, context: TurnContext) => Promise<void>): Promise<unknown> {
      let release!: () => void;
      const released = new Promise<void>((resolve) => (release = resolve));
      let loaded!: () => void;
      const hasLoaded = new Promise<void>((resolve) => (loaded = resolve));
      let outcome: unknown = 'saved';
      const firstTurn = turn(storage, async (state, context) => {
        await stepProperty(state).set(context, first);
        loaded();
        await released;
        await state.saveChanges(context).catch((error: unknown) => (outcome = error));
      });
      await hasLoaded;
      await turn(storage, second);
      release();
      await firstTurn;
      return outcome;
    }

    beforeEach(async () => {
      await turn(storage, async (state, context) => {
        await stepProperty(state).set(context, 'start');
        await state.saveChanges(context);
      });
    });

    it('fails instead of undoing the step the other instance saved', async () => {
      const outcome = await overlapping('first', async (state, context) => {
        await stepProperty(state).set(context, 'second');
        await state.saveChanges(context);
      });
      expect(String(outcome)).toMatch(/eTag conflict/);
      await turn(storage, async (state, context) => expect(await stepProperty(state).get(context)).toBe('second'));
    });

    it('fails instead of bringing back a state erased meanwhile', async () => {
      const outcome = await overlapping('first', async (state, context) => state.delete(context));
      expect(String(outcome)).toMatch(/eTag conflict/);
      expect(Object.keys(await storage.read([key]))).toEqual([]);
    });

    it('still saves when nobody else wrote, also a second time in the same turn', async () => {
      await turn(storage, async (state, context) => {
        await stepProperty(state).set(context, 'one');
        await state.saveChanges(context);
        await stepProperty(state).set(context, 'two');
        await state.saveChanges(context);
      });
      await turn(storage, async (state, context) => expect(await stepProperty(state).get(context)).toBe('two'));
    });
  });

  it('counts a save whose answer was lost (the retry met the landed write) as saved', async () => {
    const lossy = new LostAnswerStore(new SqliteStore({ dataDir: ':memory:' }));
    const lossyStorage = new StoreBotStorage(lossy);
    const step = (state: HelplineConversationState) => state.createProperty<string>('step');
    await turn(lossyStorage, async (state, context) => {
      await step(state).set(context, 'start');
      await state.saveChanges(context);
    });
    lossy.loseNext = true;
    await turn(lossyStorage, async (state, context) => {
      await step(state).set(context, 'next');
      await expect(state.saveChanges(context)).resolves.toBeUndefined();
    });
    expect(lossy.loseNext).toBe(false);
    await turn(lossyStorage, async (state, context) => expect(await step(state).get(context)).toBe('next'));
  });
});
