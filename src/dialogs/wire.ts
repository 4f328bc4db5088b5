import { ActivityTypes, CardAction, MessageFactory, type Activity } from 'botbuilder';
import { ChoiceFactory, ListStyle, type Choice, type PromptOptions } from 'botbuilder-dialogs';

/** What a prompt waits for (channelData.helpline.expects, ../shared/spec/protocol.md). */
export type Expects =
  | 'name'
  | 'email'
  | 'phone'
  | 'address'
  | 'birthdate'
  | 'otp'
  | 'confirm'
  | 'choice'
  | 'text'
  | 'device_model'
  | 'purchase_date'
  | 'serial'
  | 'diagnostics'
  | 'rating';

/** The categories a just-in-time notice covers, by what a prompt expects. */
export const NOTICE_CATEGORY_OF: Partial<Record<Expects, 'contact' | 'device'>> = {
  name: 'contact',
  email: 'contact',
  phone: 'contact',
  address: 'contact',
  birthdate: 'contact',
  device_model: 'device',
  purchase_date: 'device',
  serial: 'device',
  diagnostics: 'device',
};

export interface HelplineChannelData {
  expects?: Expects;
  notice?: { id: string; version: string; categories: string[]; purposes: string[]; retentionDays: number; required: boolean };
  step?: { flow: string; stepId: string; n: number };
  handoff?: { state: 'queued' | 'assigned' | 'ended' | 'unavailable'; position?: number; etaSeconds?: number; ticketId?: string };
  request?: { id: string; type: string; status: string; dueDate: string };
  redacted?: string[];
  technician?: { id: string; name: string };
}

/** A bot message carrying Helpline's wire additions under channelData.helpline. */
export function message(text: string, helpline?: HelplineChannelData, suggestions?: string[]): Partial<Activity> {
  const activity: Partial<Activity> = suggestions?.length
    ? MessageFactory.suggestedActions(suggestions.map((s) => ({ type: 'imBack', title: s, value: s }) as CardAction), text)
    : MessageFactory.text(text);
  activity.type = ActivityTypes.Message;
  if (helpline) activity.channelData = { ...(activity.channelData ?? {}), helpline };
  return activity;
}

/** The activity a prompt sends: its text, what it expects, and optional quick replies. */
export function ask(text: string, expects: Expects, suggestions?: string[], extra?: HelplineChannelData): Partial<Activity> {
  return message(text, { ...extra, expects }, suggestions);
}

/** Reads channelData.helpline from any activity (clients and tests use the same shape). */
export function helplineData(activity: Partial<Activity> | undefined): HelplineChannelData {
  return ((activity?.channelData as { helpline?: HelplineChannelData } | undefined)?.helpline ?? {}) as HelplineChannelData;
}

/**
 * Options for a ChoicePrompt: the question and its re-ask both say they expect a choice, and the
 * choices show as quick replies.
 */
export function choicePrompt(question: string, retry: string, choices: (string | Choice)[], extra?: HelplineChannelData): PromptOptions {
  return {
    prompt: ask(question, 'choice', undefined, extra),
    retryPrompt: ask(retry, 'choice', undefined, extra),
    choices: choices.map((c) => (typeof c === 'string' ? ChoiceFactory.toChoices([c])[0] : c)),
    style: ListStyle.suggestedAction,
  };
}

/** Options for a yes/no ConfirmPrompt (created with ListStyle.none): Yes and No as quick replies. */
export function yesNoPrompt(question: string, retry: string): PromptOptions {
  return { prompt: ask(question, 'confirm', ['Yes', 'No']), retryPrompt: ask(retry, 'confirm', ['Yes', 'No']) };
}
