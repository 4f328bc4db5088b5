import type {
  BotPageViewTelemetryClient,
  BotTelemetryClient,
  TelemetryDependency,
  TelemetryEvent,
  TelemetryException,
  TelemetryPageView,
  TelemetryTrace,
} from 'botbuilder';
import { redactDeep } from '../privacy/redaction';

/** Turns a text into one without secrets or personal data (the lead passes s => redactAll(s).text). */
export type Redactor = (text: string) => string;

/** Application Insights' request item; botbuilder's interface has none, but the SDK client does. */
export interface TelemetryRequest {
  name: string;
  url: string;
  duration: number;
  resultCode: string | number;
  success: boolean;
  properties?: Record<string, unknown>;
}

type InnerClient = BotTelemetryClient & Partial<BotPageViewTelemetryClient> & { trackRequest?: (telemetry: TelemetryRequest) => unknown };

/**
 * A BotTelemetryClient decorator: nothing reaches the inner client without going through
 * the redactor. If redaction itself fails the item is dropped: losing one telemetry item
 * is better than sending a secret.
 */
export class ScrubbingTelemetryClient implements BotTelemetryClient, BotPageViewTelemetryClient {
  constructor(
    private readonly inner: InnerClient,
    private readonly redact: Redactor,
  ) {}

  private forward<T>(telemetry: T, send: (scrubbed: T) => unknown): void {
    let scrubbed: T;
    try {
      scrubbed = redactDeep(telemetry, this.redact);
    } catch {
      return;
    }
    send(scrubbed);
  }

  trackEvent(telemetry: TelemetryEvent): void {
    this.forward(telemetry, (t) => this.inner.trackEvent(t));
  }

  trackTrace(telemetry: TelemetryTrace): void {
    this.forward(telemetry, (t) => this.inner.trackTrace(t));
  }

  trackException(telemetry: TelemetryException): void {
    this.forward(telemetry, (t) => this.inner.trackException(t));
  }

  trackDependency(telemetry: TelemetryDependency): void {
    this.forward(telemetry, (t) => this.inner.trackDependency(t));
  }

  trackPageView(telemetry: TelemetryPageView): void {
    const inner = this.inner;
    if (typeof inner.trackPageView === 'function') this.forward(telemetry, (t) => inner.trackPageView!(t));
  }

  trackRequest(telemetry: TelemetryRequest): void {
    const inner = this.inner;
    if (typeof inner.trackRequest === 'function') this.forward(telemetry, (t) => inner.trackRequest!(t));
  }

  flush(): void {
    this.inner.flush();
  }
}
