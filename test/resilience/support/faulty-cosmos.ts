import type https from 'node:https';
import { startInterceptedCosmos, type DocumentFault } from '../../support/cosmos-server';

/** What happens to one document request instead of a normal answer (see DocumentFault). */
export type Fault = DocumentFault;
/** 'pass' lets one document request through untouched, so a fault can be aimed at the n-th request. */
export type Plan = (Fault | 'pass')[];

export interface DocumentRequest {
  method: string;
  /** The container the request went to (…/colls/<name>/docs…). */
  container: string;
}

export interface FaultyCosmos {
  endpoint: string;
  key: string;
  agent: https.Agent;
  /** The next document requests meet these faults, one each, in order; 429s carry x-ms-retry-after-ms. */
  inject(faults: Plan, retryAfterMs?: number): void;
  /** Document requests seen so far, in order. */
  requests(): DocumentRequest[];
  /** Faults not yet used (0 once every injected fault has hit a request). */
  pending(): number;
  clear(): void;
  close(): Promise<void>;
}

/**
 * The in-process Cosmos DB wire-protocol server (startInterceptedCosmos) with faults aimed at the
 * n-th document request, including connections dropped before or after the server handled it, the
 * way a network blip or a gateway restart looks to the SDK (ECONNRESET / socket hang up).
 */
export async function startFaultyCosmos(): Promise<FaultyCosmos> {
  let faults: Plan = [];
  const seen: DocumentRequest[] = [];
  let retryAfterMs = 20;
  const cosmos = await startInterceptedCosmos('helpline-resilience-key', (req) => {
    seen.push({ method: req.method ?? '', container: /\/colls\/([^/]+)\/docs/.exec(req.url ?? '')?.[1] ?? '' });
    const fault = faults.shift();
    return fault === undefined || fault === 'pass' ? undefined : { fault, retryAfterMs };
  });
  return {
    ...cosmos,
    inject(list, wait = 20) {
      faults = [...list];
      retryAfterMs = wait;
    },
    pending: () => faults.filter((f) => f !== 'pass').length,
    requests: () => [...seen],
    clear: () => void (faults = []),
  };
}
