import type {
  BotPageViewTelemetryClient,
  BotTelemetryClient,
  TelemetryDependency,
  TelemetryEvent,
  TelemetryException,
  TelemetryPageView,
  TelemetryTrace,
} from 'botbuilder';

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

const MAX_DEPTH = 20;

/**
 * A copy of a telemetry item with every string, every object key (property and metric
 * names) and every error message and stack passed through the redactor. Errors stay Errors
 * so the Application Insights SDK still reports them as exceptions.
 */
export function scrubTelemetry<T>(value: T, redact: Redactor): T {
  const seen = new Map<object, unknown>();
  const walk = (v: unknown, depth: number): unknown => {
    if (typeof v === 'string') return redact(v);
    if (v === null || typeof v !== 'object') return v;
    if (seen.has(v)) return seen.get(v);
    if (depth >= MAX_DEPTH) return '[truncated]';
    if (v instanceof Date) return v;
    if (Array.isArray(v)) {
      const copy: unknown[] = [];
      seen.set(v, copy);
      for (const item of v) copy.push(walk(item, depth + 1));
      return copy;
    }
    if (v instanceof Error) {
      const copy = new Error(redact(v.message));
      seen.set(v, copy);
      copy.name = v.name;
      copy.stack = v.stack === undefined ? undefined : redact(v.stack);
      for (const key of Object.keys(v)) (copy as unknown as Record<string, unknown>)[redact(key)] = walk((v as unknown as Record<string, unknown>)[key], depth + 1);
      return copy;
    }
    const copy: Record<string, unknown> = {};
    seen.set(v, copy);
    for (const [key, item] of Object.entries(v)) {
      if (key === '__proto__' || key === 'constructor' || key === 'prototype') continue;
      copy[redact(key)] = walk(item, depth + 1);
    }
    return copy;
  };
  return walk(value, 0) as T;
}

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
      scrubbed = scrubTelemetry(telemetry, this.redact);
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
