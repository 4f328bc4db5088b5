import { ForwardingStore } from '../../src/services/storage/forwarding-store';
import type { ContainerName } from '../../src/services/storage/containers';
import type { StoredRecord } from '../../src/services/storage/store';
import { helplineData } from '../../src/dialogs/wire';
import { startTestBot, type TestBot } from '../support/conversation';

/** Holds back the next read of a conversation's dialog state, so a turn is still running when the next message arrives. */
class SlowStateStore extends ForwardingStore {
  slowNext = false;
  override async get<T>(container: ContainerName, partition: string, key: string): Promise<StoredRecord<T> | undefined> {
    if (container === 'botstate' && this.slowNext) {
      this.slowNext = false;
      await new Promise((resolve) => setTimeout(resolve, 400));
    }
    return super.get<T>(container, partition, key);
  }
}

const stepOf = (replies: { channelData?: unknown }[]) =>
  replies.map((r) => helplineData(r as never)?.step?.stepId).filter(Boolean).pop();

// A user who sends a second message before the first is answered (a double tap, a fast typist in
// Teams): the channel posts both at once. Each turn must see what the one before it saved.
describe('two messages of one conversation at the same time', () => {
  let bot: TestBot;
  let slow: SlowStateStore;
  beforeAll(async () => {
    bot = await startTestBot({ wrapStore: (store) => (slow = new SlowStateStore(store)) });
  });
  afterAll(() => bot.close());

  it('are handled one after the other, in the order they arrived', async () => {
    const user = bot.conversation();
    expect(stepOf(await user.say('my printer says offline'))).toBe('power-cycle');
    slow.slowNext = true;
    const first = user.say('Still offline');
    await new Promise((resolve) => setTimeout(resolve, 100)); // the first turn is waiting for its state
    const second = user.say('Wi-Fi');
    expect(stepOf(await first)).toBe('connection-type');
    expect(stepOf(await second)).toBe('same-network'); // answered at the step the first turn moved to
  });

  it('other conversations do not wait for a slow one', async () => {
    const slowUser = bot.conversation();
    const other = bot.conversation();
    await slowUser.say('my printer says offline');
    slow.slowNext = true;
    const finished: string[] = [];
    const held = slowUser.say('Still offline').then(() => finished.push('slow'));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(stepOf(await other.say('my printer says offline'))).toBe('power-cycle');
    finished.push('other');
    await held;
    expect(finished).toEqual(['other', 'slow']);
  });
});
