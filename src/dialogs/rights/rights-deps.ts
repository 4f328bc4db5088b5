import type { Activity, ConversationState, StatePropertyAccessor } from 'botbuilder';
import type { RightsServices } from '../../services/privacy/requests';
import { receiptOf, type PrivacyRequest } from '../../services/privacy/requests/request-record';
import type { ConversationData } from '../conversation-data';
import type { NoticeGate } from '../privacy/notice-gate';
import type { ClientAddresses } from './client-address';
import { message } from '../wire';

/** What the data-rights dialogs share. */
export interface RightsDialogDeps {
  services: RightsServices;
  conversationState: ConversationState;
  conversationData: StatePropertyAccessor<ConversationData>;
  gate: NoticeGate;
  /** policy.defaultRegion: how phone numbers and postcodes are read. */
  defaultRegion: string;
  codeTtlMinutes: number;
  /** Where a user can write when the chat cannot help (policy.company.contactEmail). */
  privacyContact: string;
  /** The browser address behind a conversation, when known (code rate limits per client). */
  clientAddresses: ClientAddresses;
}

/** A bot message that carries the request receipt (channelData.helpline.request). */
export function withReceipt(text: string, request: PrivacyRequest, suggestions?: string[]): Partial<Activity> {
  return message(text, { request: receiptOf(request) }, suggestions);
}

/** "30 April 2026" from an ISO date. */
export function longDate(isoDate: string): string {
  return new Date(`${isoDate.slice(0, 10)}T12:00:00Z`).toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
}

/** "about 14 minutes" from seconds. */
export function aboutMinutes(seconds: number): string {
  const minutes = Math.max(1, Math.ceil(seconds / 60));
  return `${minutes} minute${minutes === 1 ? '' : 's'}`;
}

/** a***@example.com: enough for the user to recognise their address, not enough to read it out. */
export function maskAddress(address: string): string {
  const at = address.lastIndexOf('@');
  if (at > 0) return `${address[0]}***${address.slice(at)}`;
  return address.length > 4 ? `${'*'.repeat(address.length - 4)}${address.slice(-4)}` : '****';
}
