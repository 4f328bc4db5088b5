import type { Activity } from 'botbuilder';
import { DialogTestClient } from 'botbuilder-testing';
import { HandoffDialog, type HandoffDialogOptions } from '../../../src/dialogs/handoff/handoff-dialog';
import { HandoffQueue } from '../../../src/services/handoff/handoff-queue';
import { memoryStore } from '../../support/memory-store';

// The offer knew a cancellation only by the billing dialog's reason string ('Cancellation request'):
// a cancellation passed on by any other route, with its own reason, had "yes cancel it now" read as no pick.
function offer(options: HandoffDialogOptions) {
  const { store, clock } = memoryStore();
  const dialog = new HandoffDialog({
    queue: new HandoffQueue(store, { now: clock.now }),
    availability: async () => ({ available: false, reason: 'closed', hours: 'Mon–Fri 08:00–20:00', opensAgain: 'Monday at 08:00', opensFrom: 'on Monday from 08:00' }),
    caseIdOf: async () => undefined,
    isRecordingOff: async () => false,
    redact: (text) => text,
    defaultRegion: 'US',
    onStarted: async () => undefined,
  });
  return new DialogTestClient('test', dialog, options);
}

async function replies(client: DialogTestClient, text: string): Promise<string[]> {
  const out: Partial<Activity>[] = [];
  for (let reply = await client.sendActivity(text); reply; reply = client.getNextReply()) out.push(reply);
  return out.map((r) => r.text ?? '');
}

describe('the billing team\'s follow-up offer for a cancellation', () => {
  it('reads "yes cancel it now" as confirming a cancellation whatever reason it was opened with', async () => {
    const client = offer({ team: 'billing', reason: 'Subscription cancellation (annual plan)', cancellation: true });
    expect((await replies(client, 'cancel the annual plan')).at(-1)).toMatch(/call you back, or to email you/);
    expect(await replies(client, 'yes cancel it now')).toEqual([
      "I can't cancel it myself here in the chat: our billing team does that, and they need a way to reach you to confirm it's done.",
      'Would you like a call back, an email, or neither?',
    ]);
  });

  it('leaves "cancel it" to the offer when the request is no cancellation, whatever its reason says', async () => {
    const client = offer({ team: 'billing', reason: 'Cancellation request' });
    await replies(client, 'i was charged twice');
    expect((await replies(client, 'yes cancel it now')).join('\n')).not.toMatch(/I can't cancel it myself/);
  });
});
