import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Store } from '../storage/store';

export const postalAddressSchema = z.object({
  street: z.string().min(1),
  city: z.string().min(1),
  /** State, county or province; optional where the postcode alone is enough (UK). */
  region: z.string().optional(),
  postcode: z.string().min(1),
  /** ISO 3166 two-letter code. */
  country: z.string().length(2),
});
export type PostalAddress = z.infer<typeof postalAddressSchema>;

export interface ContactFields {
  name?: string;
  email?: string;
  /** E.164, e.g. +14155552671. */
  phone?: string;
  address?: PostalAddress;
}
export type ContactFieldName = keyof ContactFields;

const provenance = {
  /** What collected the value: 'contact dialog', 'technician', 'data correction', ... */
  source: z.string().min(1),
  conversationId: z.string().optional(),
  /** ISO time the value was set. */
  at: z.string(),
};
const field = <T extends z.ZodTypeAny>(value: T) => z.object({ value, ...provenance });

export const profileSchema = z.object({
  userId: z.string(),
  fields: z.object({
    name: field(z.string()).optional(),
    email: field(z.string()).optional(),
    phone: field(z.string()).optional(),
    address: field(postalAddressSchema).optional(),
  }),
  /** Conversations this user had, so an export or erasure can find their transcripts. */
  conversations: z.array(z.object({ id: z.string(), at: z.string() })),
  updatedAt: z.string(),
});
export type Profile = z.infer<typeof profileSchema>;

export const deviceInputSchema = z.object({
  model: z.string().min(1).max(120).optional(),
  /** ISO 8601 date at the precision the user gave: '2025', '2025-03' or '2025-03-14'. */
  purchaseDate: z.string().regex(/^\d{4}(-\d{2}(-\d{2})?)?$/).optional(),
  serial: z.string().min(1).max(64).optional(),
  osVersion: z.string().min(1).max(120).optional(),
  /** Sanitized diagnostics only (never a raw pasted log). */
  diagnostics: z.string().max(20_000).optional(),
});
export type DeviceInput = z.infer<typeof deviceInputSchema>;

export const deviceRecordSchema = deviceInputSchema.extend({ id: z.string(), ...provenance });
export type DeviceRecord = z.infer<typeof deviceRecordSchema>;

export interface ProfileServiceOptions {
  now?: () => number;
  /** config.policy.retentionDays.contact / .device */
  contactRetentionDays: number;
  deviceRetentionDays: number;
}

export interface SourceMeta {
  conversationId?: string;
}

const PROFILE_KEY = 'profile';
const DEVICE_PREFIX = 'device/';

/**
 * The contact details and devices a user gave us, each value with where and when it came
 * from. Every write restarts the retention clock of that record (P12).
 */
export class ProfileService {
  private readonly now: () => number;

  constructor(
    private readonly store: Store,
    private readonly options: ProfileServiceOptions,
  ) {
    this.now = options.now ?? Date.now;
  }

  async get(userId: string): Promise<Profile | undefined> {
    const record = await this.store.get<unknown>('users', userId, PROFILE_KEY);
    return record ? profileSchema.parse(record.value) : undefined;
  }

  /** Sets the given fields (others stay) and links the conversation they came from. */
  async setFields(userId: string, fields: ContactFields, source: string, meta: SourceMeta = {}): Promise<Profile> {
    const profile = (await this.get(userId)) ?? this.empty(userId);
    const at = this.iso();
    const stamp = { source, at, ...(meta.conversationId ? { conversationId: meta.conversationId } : {}) };
    if (fields.name !== undefined) profile.fields.name = { value: fields.name, ...stamp };
    if (fields.email !== undefined) profile.fields.email = { value: fields.email, ...stamp };
    if (fields.phone !== undefined) profile.fields.phone = { value: fields.phone, ...stamp };
    if (fields.address !== undefined) profile.fields.address = { value: postalAddressSchema.parse(fields.address), ...stamp };
    if (meta.conversationId) linkConversation(profile, meta.conversationId, at);
    return this.save(profile);
  }

  /** Links a conversation to the user (no write when it already is). */
  async addConversation(userId: string, conversationId: string): Promise<void> {
    const profile = (await this.get(userId)) ?? this.empty(userId);
    if (profile.conversations.some((c) => c.id === conversationId)) return;
    linkConversation(profile, conversationId, this.iso());
    await this.save(profile);
  }

  /** Replaces the whole profile (erasure of some fields); deletes it when nothing is left. */
  async replace(profile: Profile): Promise<void> {
    const empty = Object.keys(profile.fields).length === 0 && profile.conversations.length === 0;
    if (empty) await this.store.delete('users', profile.userId, PROFILE_KEY);
    else await this.save(profile);
  }

  async addDevice(userId: string, device: DeviceInput, source: string, meta: SourceMeta = {}): Promise<DeviceRecord> {
    const input = deviceInputSchema.parse(device);
    const record: DeviceRecord = {
      ...dropUndefined(input),
      id: randomUUID(),
      source,
      at: this.iso(),
      ...(meta.conversationId ? { conversationId: meta.conversationId } : {}),
    };
    await this.store.put('users', userId, `${DEVICE_PREFIX}${record.id}`, record, { ttlSeconds: this.options.deviceRetentionDays * 86400 });
    return record;
  }

  async listDevices(userId: string): Promise<DeviceRecord[]> {
    const records = await this.store.query<unknown>('users', userId, { keyPrefix: DEVICE_PREFIX });
    return records.map((r) => deviceRecordSchema.parse(r.value));
  }

  async deleteDevice(userId: string, deviceId: string): Promise<boolean> {
    return this.store.delete('users', userId, `${DEVICE_PREFIX}${deviceId}`);
  }

  private async save(profile: Profile): Promise<Profile> {
    profile.updatedAt = this.iso();
    await this.store.put('users', profile.userId, PROFILE_KEY, profile, { ttlSeconds: this.options.contactRetentionDays * 86400 });
    return profile;
  }

  private empty(userId: string): Profile {
    return { userId, fields: {}, conversations: [], updatedAt: this.iso() };
  }

  private iso(): string {
    return new Date(this.now()).toISOString();
  }
}

function linkConversation(profile: Profile, conversationId: string, at: string): void {
  if (!profile.conversations.some((c) => c.id === conversationId)) profile.conversations.push({ id: conversationId, at });
}

function dropUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
