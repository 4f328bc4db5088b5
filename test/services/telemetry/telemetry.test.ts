import path from 'node:path';
import {
  ActivityTypes,
  BotPageViewTelemetryClient,
  BotTelemetryClient,
  NullTelemetryClient,
  TelemetryDependency,
  TelemetryEvent,
  TelemetryException,
  TelemetryLoggerMiddleware,
  TelemetryPageView,
  TelemetryTrace,
  TestAdapter,
} from 'botbuilder';
import { redactAll } from '../../../src/services/privacy/redaction';
import {
  createTelemetryClient,
  createTelemetryLoggerMiddleware,
  Redactor,
  ScrubbingTelemetryClient,
  TelemetryRequest,
} from '../../../src/services/telemetry/telemetry';

const EMAIL = 'jane.doe@example.com';
const CARD = '4111 1111 1111 1111';
const USER_TEXT = `Please refund ${CARD} and mail the receipt to ${EMAIL}`;
const redact: Redactor = (s) => redactAll(s).text;

/** Keeps everything it is given, as Application Insights would. */
class RecordingTelemetryClient implements BotTelemetryClient, BotPageViewTelemetryClient {
  readonly items: Array<{ kind: string; telemetry: unknown }> = [];
  trackEvent(telemetry: TelemetryEvent) {
    this.items.push({ kind: 'event', telemetry });
  }
  trackTrace(telemetry: TelemetryTrace) {
    this.items.push({ kind: 'trace', telemetry });
  }
  trackException(telemetry: TelemetryException) {
    this.items.push({ kind: 'exception', telemetry });
  }
  trackDependency(telemetry: TelemetryDependency) {
    this.items.push({ kind: 'dependency', telemetry });
  }
  trackPageView(telemetry: TelemetryPageView) {
    this.items.push({ kind: 'pageView', telemetry });
  }
  trackRequest(telemetry: TelemetryRequest) {
    this.items.push({ kind: 'request', telemetry });
  }
  flush() {}
  /** Everything received as text, error messages and stacks included. */
  dump(): string {
    return JSON.stringify(this.items, (_k, v) => (v instanceof Error ? { name: v.name, message: v.message, stack: v.stack } : v));
  }
}

/**
 * One Teams turn: the user sends card number and email in a group chat whose name and team
 * name also carry them, the bot answers, and the turn reports what bots typically report.
 */
async function runTurn(redactor: Redactor): Promise<RecordingTelemetryClient> {
  const recorder = new RecordingTelemetryClient();
  const client = new ScrubbingTelemetryClient(recorder, redactor);
  const adapter = new TestAdapter(
    async (context) => {
      const text = context.activity.text ?? '';
      await context.sendActivity(`Thanks, I noted: ${text}`);
      client.trackException({ exception: new Error(`refund failed for ${text}`), properties: { step: 'refund', input: text } });
      client.trackTrace({ message: `user asked: ${text}` });
      client.trackEvent({ name: 'RefundRequested', properties: { detail: text }, metrics: { [`attempts for ${EMAIL}`]: 1 } });
      client.trackDependency({ dependencyTypeName: 'Azure DocumentDB', target: 'cosmos', name: 'query', data: `SELECT * FROM c WHERE c.email = '${EMAIL}'`, duration: 3, success: true, resultCode: 200 });
      client.trackPageView({ name: 'RefundDialog', properties: { card: CARD } });
      client.trackRequest({ name: 'POST /api/messages', url: `https://helpline.example/api/messages?email=${EMAIL}`, duration: 12, resultCode: 200, success: true });
    },
    { channelId: 'msteams', conversation: { id: 'conv-42', name: `Refund for ${EMAIL}`, isGroup: true, conversationType: 'groupChat' }, user: { id: 'user-7', name: 'Jane Doe' }, bot: { id: 'bot', name: 'Helpline' }, serviceUrl: 'https://smba.example' } as never,
  );
  adapter.use(new TelemetryLoggerMiddleware(client, false));
  await adapter.send({
    type: ActivityTypes.Message,
    text: USER_TEXT,
    channelData: { tenant: { id: 'tenant-1' }, team: { id: 'team-1', name: `Billing ${CARD}` } },
  });
  return recorder;
}

describe('telemetry with personal data scrubbed', () => {
  it('a turn logged by TelemetryLoggerMiddleware (logPersonalInformation off) sends no email or card number anywhere', async () => {
    const recorder = await runTurn(redact);
    const dump = recorder.dump();
    expect(dump).not.toContain(EMAIL);
    expect(dump).not.toContain(CARD);
    expect(dump.replace(/\s/g, '')).not.toContain(CARD.replace(/\s/g, ''));
    // The telemetry is still there and still useful.
    const names = recorder.items.filter((i) => i.kind === 'event').map((i) => (i.telemetry as TelemetryEvent).name);
    expect(names).toEqual(expect.arrayContaining([TelemetryLoggerMiddleware.botMsgReceiveEvent, TelemetryLoggerMiddleware.botMsgSendEvent, 'RefundRequested']));
    expect(recorder.items.map((i) => i.kind).sort()).toEqual(['dependency', 'event', 'event', 'event', 'exception', 'pageView', 'request', 'trace']);
    expect(dump).toContain('conv-42');
    expect(dump).toContain('[EMAIL]');
    const exception = recorder.items.find((i) => i.kind === 'exception')!.telemetry as TelemetryException;
    expect(exception.exception).toBeInstanceOf(Error);
    expect(exception.exception.message).toBe('refund failed for Please refund [removed] and mail the receipt to [EMAIL]');
  });

  it('without the scrubber the same turn would leak both (so the test above can fail)', async () => {
    const dump = (await runTurn((s) => s)).dump();
    expect(dump).toContain(EMAIL);
    expect(dump).toContain(CARD);
  });

  it('drops an item rather than sending it when redaction fails', () => {
    const recorder = new RecordingTelemetryClient();
    const client = new ScrubbingTelemetryClient(recorder, () => {
      throw new Error('redactor broke');
    });
    client.trackTrace({ message: `card ${CARD}` });
    expect(recorder.items).toEqual([]);
  });

  it('telemetry is off without a connection string', () => {
    expect(createTelemetryClient(undefined, redact)).toBeInstanceOf(NullTelemetryClient);
    expect(createTelemetryClient('  ', redact)).toBeInstanceOf(NullTelemetryClient);
    expect(createTelemetryLoggerMiddleware(new NullTelemetryClient()).logPersonalInformation).toBe(false);
  });

  it('with a connection string, items the Application Insights SDK collects by itself are scrubbed too', () => {
    const client = createTelemetryClient('InstrumentationKey=00000000-1111-2222-3333-444444444444;IngestionEndpoint=http://127.0.0.1:9/', redact);
    // The SDK the bot client wraps, resolved the way botbuilder-applicationinsights resolves it.
    const sdkPath = require.resolve('applicationinsights', { paths: [path.dirname(require.resolve('botbuilder-applicationinsights/package.json'))] });
    const appInsights = require(sdkPath) as typeof import('applicationinsights');
    const sent: unknown[] = [];
    try {
      expect(client).toBeInstanceOf(ScrubbingTelemetryClient);
      appInsights.defaultClient.addTelemetryProcessor((envelope) => {
        sent.push(envelope);
        return false; // capture instead of sending
      });
      // As an unhandled exception or an incoming request would be recorded, bypassing the bot client.
      appInsights.defaultClient.trackException({ exception: new Error(`crash while reading ${USER_TEXT}`) });
      appInsights.defaultClient.trackRequest({ name: 'GET /api/technician', url: `https://h.example/api/technician?q=${EMAIL}`, duration: 1, resultCode: 200, success: true });
      const dump = JSON.stringify(sent);
      expect(sent).toHaveLength(2);
      expect(dump).toContain('crash while reading');
      expect(dump).not.toContain(EMAIL);
      expect(dump.replace(/\s/g, '')).not.toContain(CARD.replace(/\s/g, ''));
    } finally {
      appInsights.dispose();
    }
  });
});
