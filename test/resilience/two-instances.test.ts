import { ForwardingStore } from '../../src/services/storage/forwarding-store';
import type { ContainerName } from '../../src/services/storage/containers';
import type { PutOptions, StoredRecord } from '../../src/services/storage/store';
import { helplineData } from '../../src/dialogs/wire';
import { startTestBot, type TestBot } from '../support/conversation';
import { removeTempDirs, tempDir } from '../support/temp-dir';

/** Holds the next write of a conversation's dialog state until released. */
class HeldStateWrites extends ForwardingStore {
  private hold?: { reached: () => void; release: Promise<void> };

  /** Holds the next state write; resolves once a turn is waiting at it. The returned function lets it go on. */
  holdNext(): { reached: Promise<void>; release: () => void } {
    let reached!: () => void;
    let release!: () => void;
    const reachedPromise = new Promise<void>((resolve) => (reached = resolve));
    this.hold = { reached, release: new Promise<void>((resolve) => (release = resolve)) };
    return { reached: reachedPromise, release };
  }

  override async put<T>(container: ContainerName, partition: string, key: string, value: T, options?: PutOptions): Promise<StoredRecord<T>> {
    const hold = container === 'botstate' ? this.hold : undefined;
    if (hold) {
      this.hold = undefined;
      hold.reached();
      await hold.release;
    }
    return super.put(container, partition, key, value, options);
  }
}

const stepOf = (replies: { channelData?: unknown }[]) =>
  replies.map((r) => helplineData(r as never)?.step?.stepId).filter(Boolean).pop();

// Several instances share one store (design.md) and a load balancer may give two messages of one
// conversation, sent at once, to two of them. Each instance runs a conversation's turns one at a
// time, but not the other instance's: the later save must not undo the earlier one.
describe('two server instances on one store, one conversation', () => {
  let a: TestBot;
  let b: TestBot;
  let held: HeldStateWrites;
  beforeAll(async () => {
    const dataDir = tempDir('helpline-two-');
    a = await startTestBot({ dataDir, wrapStore: (store) => (held = new HeldStateWrites(store)) });
    b = await startTestBot({ dataDir });
  });
  afterAll(async () => {
    await a.close();
    await b.close();
  });

  it('the turn that saves second is turned down with a "please try again"; the first one\'s step stands', async () => {
    const onA = a.conversation();
    const onB = b.conversation({ userId: onA.user.id, conversationId: onA.conversationId });
    expect(stepOf(await onA.say('my printer says offline'))).toBe('power-cycle');

    const hold = held.holdNext();
    const cancelled = onA.sayText('cancel'); // on A: ends the flow, but its save waits
    await hold.reached;
    expect(stepOf(await onB.say('Still offline'))).toBe('connection-type'); // on B: the next step, saved
    hold.release();

    expect(await cancelled).toMatch(/something went wrong on our side.*try again/i);
    // The conversation goes on where B left it, on either instance.
    expect(stepOf(await onA.say('Wi-Fi'))).toBe('same-network');
  });
});

afterAll(removeTempDirs);
