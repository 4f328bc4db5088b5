import { TestAdapter, TurnContext, type Activity } from 'botbuilder';
import { getClassification, setClassification } from '../../../src/dialogs/classification';
import { objectionGuard } from '../../../src/dialogs/rights/objection-guard';
import type { Intent } from '../../../src/services/nlu/labels';

function turn(text: string, intent: Intent, confidence = 0.5): TurnContext {
  const context = new TurnContext(new TestAdapter(), { type: 'message', text, channelId: 'test', conversation: { id: 'c' }, from: { id: 'u' } } as Activity);
  setClassification(context, { text, intent, device: 'none', confidence, alternatives: [{ intent, confidence }], ambiguous: false, security: false, symptoms: [] });
  return context;
}

describe('objectionGuard', () => {
  it.each([
    ['I object to you using my diagnostics', 'out_of_scope'],
    ['I withdraw my consent to share my data with partners', 'data_deletion'],
    ['revoke my consent for recording this chat', 'troubleshoot'],
    // The company by its configured name: it was read as the phone's texts and got the phone's guide.
    ['i keep getting texts from brightside', 'troubleshoot'],
    // The company as the sender, without "from": the phone's texts guide, and "not something I can help with".
    ['brightside keeps texting me', 'troubleshoot'],
    ['how do i stop brightside texts', 'out_of_scope'],
  ] as const)('routes "%s" (router said %s) to the opt-out dialog without handling the turn itself', async (text, intent) => {
    const context = turn(text, intent);
    expect(await objectionGuard('Brightside Tech Support')(context)).toBe(false);
    expect(getClassification(context)).toMatchObject({ intent: 'opt_out', ambiguous: false });
    expect(getClassification(context)?.confidence).toBeGreaterThanOrEqual(0.85);
  });

  it.each([
    ['stop the remote session', 'remote_access'],
    ['I withdraw my consent for remote access', 'remote_access'],
    ['my printer objects to the paper', 'troubleshoot'],
    ['delete my data', 'data_deletion'],
  ] as const)('leaves "%s" alone', async (text, intent) => {
    const context = turn(text, intent);
    expect(await objectionGuard('Brightside Tech Support')(context)).toBe(false);
    expect(getClassification(context)?.intent).toBe(intent);
  });
});
