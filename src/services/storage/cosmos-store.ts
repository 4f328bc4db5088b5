import type https from 'node:https';
import { CosmosClient, type Container, type CosmosClientOptions, type Database, type ItemDefinition } from '@azure/cosmos';
import { z } from 'zod';
import { CONTAINER_NAMES, PARTITION_KEY_PATH, type ContainerName } from './containers';
import { escapeCosmosKey } from './key-escape';
import { ConflictError, StoreUnavailableError, countedField, type CountOptions, type PutOptions, type QueryOptions, type Store, type StoredRecord } from './store';

export interface CosmosStoreOptions {
  endpoint: string;
  /** Account key; without it the store signs in with DefaultAzureCredential (managed identity). */
  key?: string;
  database: string;
  /** Tests pass one with rejectUnauthorized: false for the self-signed emulator. */
  agent?: https.Agent;
  /** Injectable clock (epoch ms) that decides expiry, so retention can be tested. */
  now?: () => number;
  /** Attempts after the first one on throttling/unavailability before giving up. */
  maxRetries?: number;
  /** Overrides the backoff sleep (tests). */
  sleep?: (ms: number) => Promise<void>;
}

// The stored document; `id` is the escaped key, `key` keeps the original for queries and results.
const itemSchema = z.object({
  id: z.string(),
  pk: z.string(),
  key: z.string(),
  value: z.unknown(),
  expiresAt: z.number().nullable(),
  _etag: z.string(),
});
type CosmosItem = z.infer<typeof itemSchema>;

const QUERY_PAGE_SIZE = 500;
const DELETE_CONCURRENCY = 8;

/**
 * The scale-out store over Azure Cosmos DB: one container per CONTAINERS entry, partitioned by `/pk`.
 * Expiry is decided by `expiresAt` with the injected clock as well as by the container TTL, because
 * the in-process test server does not enforce TTL and Cosmos deletes expired items only eventually.
 */
export class CosmosStore implements Store {
  readonly kind = 'cosmos' as const;
  private readonly client: CosmosClient;
  private readonly database: Database;
  private readonly now: () => number;
  private readonly retry: RetryOptions;
  private readonly usesKey: boolean;

  constructor(options: CosmosStoreOptions) {
    this.now = options.now ?? Date.now;
    this.retry = { maxRetries: options.maxRetries ?? 6, sleep: options.sleep };
    this.usesKey = Boolean(options.key);
    this.client = new CosmosClient({
      endpoint: options.endpoint,
      ...(options.key ? { key: options.key } : { aadCredentials: defaultAzureCredential() }),
      ...(options.agent ? { agent: options.agent } : {}),
      // withCosmosRetries owns throttling, so the SDK's own 429 loop must not multiply its attempts.
      connectionPolicy: { retryOptions: { maxRetryAttemptCount: 0, fixedRetryIntervalInMilliseconds: 0, maxWaitTimeInSeconds: 0 } },
    });
    this.database = this.client.database(options.database);
  }

  /** Creates the database and containers when missing (key auth); with managed identity only checks them. */
  async init(): Promise<void> {
    if (!this.usesKey) {
      // Entra ID data-plane roles cannot create databases or containers: the ARM template does that.
      for (const name of CONTAINER_NAMES) {
        await withCosmosRetries(() => this.container(name).read(), this.retry).catch((err: unknown) => {
          if (statusOf(err) === 404) throw new Error(`Cosmos DB container "${name}" is missing: deploy deploymentTemplates/ first`);
          throw err;
        });
      }
      return;
    }
    await withCosmosRetries(() => this.client.databases.createIfNotExists({ id: this.database.id }), this.retry);
    for (const name of CONTAINER_NAMES) {
      await withCosmosRetries(
        () => this.database.containers.createIfNotExists({
          id: name,
          // Version 2 allows partition key values over 100 bytes (Teams conversation ids are longer).
          partitionKey: { paths: [PARTITION_KEY_PATH], version: 2 },
          // -1: TTL is on but nothing expires unless the item carries its own `ttl`.
          defaultTtl: -1,
        }),
        this.retry,
      );
    }
  }

  async get<T>(container: ContainerName, partition: string, key: string): Promise<StoredRecord<T> | undefined> {
    const item = await this.readItem(container, partition, key);
    return item && this.isLive(item) ? toRecord<T>(container, item) : undefined;
  }

  async put<T>(container: ContainerName, partition: string, key: string, value: T, options: PutOptions = {}): Promise<StoredRecord<T>> {
    if (value === undefined) throw new TypeError('cannot store undefined');
    // Both conditions together can never hold: "no record" and "this record's eTag".
    if (options.ifMatch !== undefined && options.ifNoneMatch === '*') throw new ConflictError();
    const expiresAt = options.ttlSeconds !== undefined ? this.now() + options.ttlSeconds * 1000 : null;
    const body = {
      id: escapeCosmosKey(key),
      pk: partition,
      key,
      value,
      expiresAt,
      ...(options.ttlSeconds !== undefined ? { ttl: Math.max(1, Math.ceil(options.ttlSeconds)) } : {}),
    };
    const items = this.container(container).items;
    let resource: unknown;
    if (options.ifMatch !== undefined) {
      resource = await this.replace(container, body, options.ifMatch);
    } else if (options.ifNoneMatch === '*') {
      resource = await this.createOnly(container, body);
    } else {
      resource = (await withCosmosRetries(() => items.upsert(body), this.retry)).resource;
    }
    return toRecord<T>(container, itemSchema.parse(resource));
  }

  async delete(container: ContainerName, partition: string, key: string, options: { ifMatch?: string } = {}): Promise<boolean> {
    const item = this.container(container).item(escapeCosmosKey(key), partition);
    const accessCondition = options.ifMatch !== undefined ? { type: 'IfMatch', condition: options.ifMatch } : undefined;
    try {
      await withCosmosRetries(() => item.delete(accessCondition ? { accessCondition } : undefined), this.retry);
      return true;
    } catch (err) {
      if (statusOf(err) === 412) throw new ConflictError();
      if (statusOf(err) === 404) {
        if (options.ifMatch !== undefined) throw new ConflictError();
        return false;
      }
      throw err;
    }
  }

  async query<T>(container: ContainerName, partition: string, options: QueryOptions = {}): Promise<StoredRecord<T>[]> {
    const limited = options.limit !== undefined;
    const prefixed = Boolean(options.keyPrefix);
    const query = {
      query:
        `SELECT ${limited ? 'TOP @limit ' : ''}* FROM c WHERE c.pk = @pk` +
        (prefixed ? ' AND STARTSWITH(c.key, @prefix)' : '') +
        ' AND (IS_NULL(c.expiresAt) OR c.expiresAt > @now) ORDER BY c.key',
      parameters: [
        { name: '@pk', value: partition },
        { name: '@now', value: this.now() },
        ...(prefixed ? [{ name: '@prefix', value: options.keyPrefix as string }] : []),
        ...(limited ? [{ name: '@limit', value: Math.max(0, Math.floor(options.limit as number)) }] : []),
      ],
    };
    if (limited && (options.limit as number) <= 0) return [];
    const items = this.container(container).items;
    const { resources } = await withCosmosRetries(
      () => items.query(query, { partitionKey: partition, maxItemCount: QUERY_PAGE_SIZE }).fetchAll(),
      this.retry,
    );
    return resources.map((resource) => toRecord<T>(container, itemSchema.parse(resource)));
  }

  async count(container: ContainerName, partition: string, options: CountOptions = {}): Promise<number> {
    // One round trip that sends back one number, however many records match.
    let where = 'c.pk = @pk AND (IS_NULL(c.expiresAt) OR c.expiresAt > @now)';
    const parameters: { name: string; value: string | number }[] = [
      { name: '@pk', value: partition },
      { name: '@now', value: this.now() },
    ];
    if (options.keyPrefix) {
      where += ' AND STARTSWITH(c.key, @prefix)';
      parameters.push({ name: '@prefix', value: options.keyPrefix });
    }
    Object.entries(options.equal ?? {}).forEach(([field, value], i) => {
      where += ` AND c["value"]["${countedField(field)}"] = @equal${i}`;
      parameters.push({ name: `@equal${i}`, value });
    });
    if (options.before) {
      const { by, key } = options.before;
      // (field 1, field 2, ..., key) < (value 1, value 2, ..., key) spelled out: Cosmos has no row values.
      let ahead = 'c.key < @beforeKey';
      parameters.push({ name: '@beforeKey', value: key });
      for (let i = by.length - 1; i >= 0; i--) {
        const field = `c["value"]["${countedField(by[i].field)}"]`;
        ahead = `(${field} < @before${i} OR (${field} = @before${i} AND ${ahead}))`;
        where += ` AND IS_STRING(${field})`;
        parameters.push({ name: `@before${i}`, value: by[i].value });
      }
      where += ` AND ${ahead}`;
    }
    const items = this.container(container).items;
    const { resources } = await withCosmosRetries(
      () => items.query<number>({ query: `SELECT VALUE COUNT(1) FROM c WHERE ${where}`, parameters }, { partitionKey: partition }).fetchAll(),
      this.retry,
    );
    return resources[0] ?? 0;
  }

  async deletePartition(container: ContainerName, partition: string): Promise<number> {
    // deleteAllItemsForPartitionKey needs an account preview feature and the test server lacks it,
    // so erasure lists the ids and deletes them one by one (a partition is one user or conversation).
    const query = { query: 'SELECT c.id FROM c WHERE c.pk = @pk', parameters: [{ name: '@pk', value: partition }] };
    const items = this.container(container).items;
    const { resources } = await withCosmosRetries(
      () => items.query<{ id: string }>(query, { partitionKey: partition, maxItemCount: QUERY_PAGE_SIZE }).fetchAll(),
      this.retry,
    );
    return this.deleteIds(container, resources.map(({ id }) => ({ id, pk: partition })));
  }

  async purgeExpired(): Promise<number> {
    let removed = 0;
    for (const name of CONTAINER_NAMES) {
      const query = {
        query: 'SELECT c.id, c.pk FROM c WHERE IS_NUMBER(c.expiresAt) AND c.expiresAt <= @now',
        parameters: [{ name: '@now', value: this.now() }],
      };
      const items = this.container(name).items;
      const { resources } = await withCosmosRetries(
        () => items.query<{ id: string; pk: string }>(query, { maxItemCount: QUERY_PAGE_SIZE }).fetchAll(),
        this.retry,
      );
      removed += await this.deleteIds(name, resources);
    }
    return removed;
  }

  /** Cosmos DB keeps no erased data the service could hand back, so there is nothing to scrub. */
  async scrub(): Promise<void> {}

  async health(): Promise<void> {
    await withCosmosRetries(() => this.database.read(), this.retry);
  }

  async close(): Promise<void> {
    this.client.dispose();
  }

  private container(name: ContainerName): Container {
    return this.database.container(name);
  }

  private isLive(item: CosmosItem): boolean {
    return item.expiresAt === null || item.expiresAt > this.now();
  }

  private async readItem(container: ContainerName, partition: string, key: string): Promise<CosmosItem | undefined> {
    const item = this.container(container).item(escapeCosmosKey(key), partition);
    // The SDK resolves a 404 read with an undefined resource instead of throwing.
    const { resource } = await withCosmosRetries(() => item.read<ItemDefinition>(), this.retry);
    return resource ? itemSchema.parse(resource) : undefined;
  }

  private async replace(container: ContainerName, body: ItemDefinition & { id: string; pk: string }, eTag: string): Promise<unknown> {
    const item = this.container(container).item(body.id, body.pk);
    try {
      const accessCondition = { type: 'IfMatch', condition: eTag };
      return (await withCosmosRetries(() => item.replace(body, { accessCondition }), this.retry)).resource;
    } catch (err) {
      if (statusOf(err) === 412 || statusOf(err) === 404) throw new ConflictError();
      throw err;
    }
  }

  private async createOnly(container: ContainerName, body: ItemDefinition & { id: string; pk: string; key: string }, attempts = 2): Promise<unknown> {
    try {
      return (await withCosmosRetries(() => this.container(container).items.create(body), this.retry)).resource;
    } catch (err) {
      if (statusOf(err) !== 409) throw err;
    }
    // An expired item that TTL has not removed yet counts as absent, as it does for get/query:
    // take it over, but only if nobody else changed it meanwhile.
    const existing = await this.readItem(container, body.pk, body.key);
    if (existing && !this.isLive(existing)) return this.replace(container, body, existing._etag);
    // Gone between the create and the read: someone deleted it, so creating may still win once.
    if (existing || attempts <= 1) throw new ConflictError('the record already exists');
    return this.createOnly(container, body, attempts - 1);
  }

  private async deleteIds(container: ContainerName, targets: { id: string; pk: string }[]): Promise<number> {
    let removed = 0;
    for (let i = 0; i < targets.length; i += DELETE_CONCURRENCY) {
      const batch = targets.slice(i, i + DELETE_CONCURRENCY);
      const results = await Promise.all(
        batch.map(async ({ id, pk }) => {
          try {
            await withCosmosRetries(() => this.container(container).item(id, pk).delete(), this.retry);
            return 1;
          } catch (err) {
            if (statusOf(err) === 404) return 0; // someone else removed it first
            throw err;
          }
        }),
      );
      removed += results.reduce((sum: number, n) => sum + n, 0);
    }
    return removed;
  }
}

function toRecord<T>(container: ContainerName, item: CosmosItem): StoredRecord<T> {
  return { container, partition: item.pk, key: item.key, value: item.value as T, eTag: item._etag, expiresAt: item.expiresAt };
}

function defaultAzureCredential(): NonNullable<CosmosClientOptions['aadCredentials']> {
  // Loaded only when needed: @azure/identity pulls in MSAL, which key-auth deployments never use.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { DefaultAzureCredential } = require('@azure/identity') as typeof import('@azure/identity');
  return new DefaultAzureCredential();
}

// ---- retries -------------------------------------------------------------------------------

export interface RetryOptions {
  maxRetries: number;
  /** First backoff when the service gives no retry-after; doubles each attempt. */
  baseDelayMs?: number;
  /** Ceiling for any single wait, including a service-requested one. */
  maxDelayMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

const RETRYABLE_STATUS = new Set([408, 429, 449, 503]);
const CONNECTION_ERRORS = new Set(['ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'EPIPE', 'EAI_AGAIN', 'ENOTFOUND', 'ECONNABORTED']);

/** The HTTP status of a Cosmos error (ErrorResponse.code or statusCode), if it has one. */
export function statusOf(err: unknown): number | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const { code, statusCode } = err as { code?: unknown; statusCode?: unknown };
  if (typeof code === 'number') return code;
  return typeof statusCode === 'number' ? statusCode : undefined;
}

function connectionErrorOf(err: unknown): string | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const { code, cause } = err as { code?: unknown; cause?: unknown };
  if (typeof code === 'string' && CONNECTION_ERRORS.has(code)) return code;
  return cause && cause !== err ? connectionErrorOf(cause) : undefined;
}

/** The wait the service asked for: ErrorResponse.retryAfterInMs or the x-ms-retry-after-ms header. */
export function retryAfterOf(err: unknown): number | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const e = err as { retryAfterInMs?: unknown; retryAfterInMilliseconds?: unknown; headers?: Record<string, unknown> };
  const header = e.headers?.['x-ms-retry-after-ms'];
  const candidates = [e.retryAfterInMs, e.retryAfterInMilliseconds, typeof header === 'string' ? Number(header) : header];
  return candidates.find((v): v is number => typeof v === 'number' && Number.isFinite(v) && v >= 0);
}

/**
 * Runs a Cosmos operation, retrying throttling (429), unavailability (503, 408, 449) and dropped
 * connections with the service's retry-after or else exponential backoff with jitter; when the
 * retries run out it throws StoreUnavailableError. Other errors (404, 409, 412...) pass through.
 */
export async function withCosmosRetries<R>(operation: () => Promise<R>, options: RetryOptions): Promise<R> {
  const baseDelay = options.baseDelayMs ?? 100;
  const maxDelay = options.maxDelayMs ?? 5_000;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  for (let attempt = 0; ; attempt += 1) {
    try {
      return await operation();
    } catch (err) {
      const status = statusOf(err);
      const connection = connectionErrorOf(err);
      const retryable = (status !== undefined && RETRYABLE_STATUS.has(status)) || connection !== undefined;
      if (!retryable) throw err;
      if (attempt >= options.maxRetries) {
        const reason = connection ?? `status ${status}`;
        throw new StoreUnavailableError(`Cosmos DB unavailable after ${attempt + 1} attempts (${reason})`, err);
      }
      const backoff = baseDelay * 2 ** attempt * (0.5 + Math.random() / 2);
      await sleep(Math.min(maxDelay, retryAfterOf(err) ?? backoff));
    }
  }
}
