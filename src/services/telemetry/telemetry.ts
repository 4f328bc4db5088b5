import { BotTelemetryClient, NullTelemetryClient, TelemetryLoggerMiddleware } from 'botbuilder';
import type * as BotAppInsights from 'botbuilder-applicationinsights';
import { redactDeep } from '../privacy/redaction';
import { Redactor, ScrubbingTelemetryClient } from './scrubbing-telemetry-client';

export type { Redactor, TelemetryRequest } from './scrubbing-telemetry-client';
export { ScrubbingTelemetryClient } from './scrubbing-telemetry-client';

/** The shape of an Application Insights envelope that the processor below touches. */
interface Envelope {
  tags?: Record<string, string>;
  data?: { baseData?: unknown };
}

/** Scrubs an item the Application Insights SDK collected by itself (requests, dependencies, unhandled exceptions). */
export function scrubEnvelope(envelope: Envelope, redact: Redactor): void {
  if (envelope.data?.baseData !== undefined) envelope.data.baseData = redactDeep(envelope.data.baseData, redact);
  if (envelope.tags) envelope.tags = redactDeep(envelope.tags, redact);
}

/**
 * The bot's telemetry client: Application Insights when a connection string is set,
 * otherwise one that drops everything. Every item, the SDK's automatic ones included,
 * passes through `redact` before it leaves the process.
 */
export function createTelemetryClient(connectionString: string | undefined, redact: Redactor): BotTelemetryClient {
  if (!connectionString || connectionString.trim() === '') return new NullTelemetryClient();
  // Loaded only when used: the SDK patches http and async hooks as soon as it starts.
  const { ApplicationInsightsTelemetryClient } = require('botbuilder-applicationinsights') as typeof BotAppInsights;
  const appInsights = new ApplicationInsightsTelemetryClient(connectionString);
  // Console capture would send raw log lines; the logs already go to the App Service log stream through pino.
  // (The typings declare an instance, but setup() hands back the static Configuration class.)
  const configuration = appInsights.configuration as unknown as { setAutoCollectConsole(value: boolean, collectConsoleLog?: boolean): unknown };
  configuration.setAutoCollectConsole(false, false);
  appInsights.defaultClient.addTelemetryProcessor((envelope) => {
    try {
      scrubEnvelope(envelope as Envelope, redact);
      return true;
    } catch {
      return false; // could not scrub: do not send
    }
  });
  return new ScrubbingTelemetryClient(appInsights, redact);
}

/** botbuilder's activity telemetry without message text or user names (logPersonalInformation off). */
export function createTelemetryLoggerMiddleware(client: BotTelemetryClient): TelemetryLoggerMiddleware {
  return new TelemetryLoggerMiddleware(client, false);
}
