import type { DialogTurnResult, WaterfallStepContext } from 'botbuilder-dialogs';
import { z } from 'zod';
import type { ConsentLedger } from '../../services/privacy/consent-ledger';
import { namesAFault } from '../../services/nlu/router';
import { NOT_KNOWING_WORDS, straight } from '../../services/nlu/not-knowing';
import { errorCodesIn, osFamilyIn, readModel, readOsVersion, readPurchaseDate, readSerial, triedAlready } from '../../services/privacy/device-fields';
import { sanitizeDiagnostics, type DiagnosticsResult } from '../../services/privacy/diagnostics';
import type { NoticeService } from '../../services/privacy/notices';
import type { DeviceInput, ProfileService } from '../../services/privacy/profile';
import { userIdOf } from '../identity';
import { message } from '../wire';
import { FieldCollectionDialog, type CollectionState, type FieldSpec, type Reading } from './field-collection';
import type { NoticeGate } from './notice-gate';

export const DEVICE_INFO_DIALOG = 'deviceInfo';

const deviceField = z.enum(['model', 'purchase_date', 'serial', 'os_version', 'diagnostics']);
export type DeviceInfoField = z.infer<typeof deviceField>;

/** What a caller passes to beginDialog('deviceInfo', ...). `purpose` says why: "to send the quote", "so a technician can call you". */
export const deviceInfoOptionsSchema = z.object({
  fields: z.array(deviceField).min(1),
  optional: z.array(deviceField).default([]),
  purpose: z.string().min(3).max(2000),
  /** The kind of device ("phone", "printer"), so "how do i find that" is told where its model is written. */
  device: z.string().max(40).optional(),
});
export type DeviceInfoOptions = z.input<typeof deviceInfoOptionsSchema>;

/** The dialog's result: the fields the user gave, and the stored device record's id. */
export type DeviceInfoResult = DeviceInput & { deviceId?: string };

export interface DeviceInfoDialogOptions {
  gate: NoticeGate;
  notices: NoticeService;
  profiles: ProfileService;
  consents: ConsentLedger;
  now: () => number;
}


const RESULT_KEY: Record<DeviceInfoField, keyof DeviceInput> = {
  model: 'model',
  purchase_date: 'purchaseDate',
  serial: 'serial',
  os_version: 'osVersion',
  diagnostics: 'diagnostics',
};

/**
 * Collects device details (P4) after the device notice, and pasted logs after the diagnostics
 * notice, sanitized before anything keeps them (P5); the user is told what was stripped.
 */
export class DeviceInfoDialog extends FieldCollectionDialog<DeviceInfoField> {
  constructor(private readonly deps: DeviceInfoDialogOptions) {
    const specs: Record<DeviceInfoField, FieldSpec> = {
      model: {
        expects: 'device_model',
        notices: ['device'],
        label: 'device make and model',
        example: '"iPhone 13" or "HP DeskJet 2755e"',
        question: () => 'What make and model is the device?',
        read: readModelNotProblem,
        declines: doesNotKnow,
        whereToFind: whereModelIs,
      },
      purchase_date: {
        expects: 'purchase_date',
        notices: ['device'],
        label: 'purchase date',
        question: () => 'When did you buy it? Roughly is fine, like "last March" or "2 years ago".',
        read: (t) => readPurchaseDate(t, deps.now()),
      },
      serial: {
        expects: 'serial',
        notices: ['device'],
        label: 'serial number',
        question: () => "What's the serial number? It's on a label on the device, or under Settings > About.",
        read: readSerial,
      },
      os_version: {
        expects: 'text',
        notices: ['device'],
        label: 'system version',
        example: '"Windows 11" or "iOS 18"',
        question: () => 'Which operating system and version is it running, like "Windows 11" or "iOS 18"?',
        // The step asking names the system ("Your Windows version helps us ..."), so "10" there is Windows 10.
        read: (t, asked) => readOsVersion(t, osFamilyIn(asked.purpose)),
        declines: doesNotKnow,
        // An error code given here is the device's error detail, kept (after the diagnostics notice) for its own question.
        answersFor: (t) => {
          const codes = errorCodesIn(t);
          return codes ? { diagnostics: codes } : {};
        },
      },
      diagnostics: {
        expects: 'diagnostics',
        notices: ['device', 'diagnostics'],
        label: 'error log',
        question: () => 'Please paste the error message, log or system report here.',
        read: readDiagnostics,
      },
    };
    super(DEVICE_INFO_DIALOG, specs, deps.gate);
  }

  protected initialState(options: unknown): CollectionState<DeviceInfoField> {
    const parsed = deviceInfoOptionsSchema.parse(options);
    const fields = [...new Set(parsed.fields)];
    return { fields, optional: parsed.optional.filter((f) => fields.includes(f)), purpose: parsed.purpose, ...(parsed.device ? { device: parsed.device } : {}), index: 0, values: {}, skipped: [] };
  }

  protected async complete(step: WaterfallStepContext, state: CollectionState<DeviceInfoField>): Promise<DialogTurnResult> {
    const device: DeviceInput = {};
    for (const [field, value] of Object.entries(state.values) as [DeviceInfoField, string][]) device[RESULT_KEY[field]] = value;
    if (Object.keys(device).length === 0) return step.endDialog({});

    const userId = userIdOf(step.context.activity);
    const conversationId = step.context.activity.conversation?.id;
    const record = await this.deps.profiles.addDevice(userId, device, 'device dialog', { conversationId });
    if (device.diagnostics !== undefined) {
      // Pasting a log after the diagnostics notice is the user's consent to keep it (P5, P14).
      await this.deps.consents.record({
        userId,
        conversationId,
        purpose: 'diagnostics',
        granted: true,
        noticeVersion: this.deps.notices.noticeFor('diagnostics').version,
        channel: step.context.activity.channelId ?? 'unknown',
        source: 'device dialog',
      });
    }
    await step.context.sendActivity(message("Thanks, I've noted those device details."));
    const result: DeviceInfoResult = { ...device, deviceId: record.id };
    return step.endDialog(result);
  }
}

const MODEL_IS_AT: Record<string, string> = {
  phone: "On an iPhone or iPad it's in **Settings > General > About** (Model Name); on Android, **Settings > About phone**. It's also on the box.",
  computer: "On a Windows PC it's in **Settings > System > About**; on a Mac, **Apple menu > About This Mac**. A laptop also has it on a label on the bottom.",
  printer: "It's printed on the front or top of the printer, near the buttons, and on a label on the back or inside the lid.",
  tv: "It's on a label on the back of the TV, and usually in the TV's **Settings > Support** or **About** menu.",
  smart_speaker: "It's on the bottom of the speaker, and in its app (Alexa, Google Home or Sonos) under the speaker's settings, **About** or **Device information**.",
  network: "It's on a label on the bottom or back of the router or modem.",
};

/** Where the make and model of this kind of device is written, for "how do i find that". */
function whereModelIs(device: string | undefined): string {
  return MODEL_IS_AT[device ?? ''] ?? "It's usually on a label on the back or bottom of the device, or in its **Settings > About**.";
}

/**
 * A make and model, not the problem told again: "it just stopped charging yesterday" at the model
 * question is no model to keep (a model is a few words, and names nothing wrong), nor a try told.
 */
function readModelNotProblem(text: string): Reading {
  // "i tried another cable": thanked for it rather than told it is no model, as it is worth telling.
  const tried = triedAlready(text);
  if (tried) {
    const what = tried === 'that' ? "for telling me what you've tried" : `for telling me you've tried ${tried}`;
    return { ok: false, reason: `Thanks ${what}. Here I only need the make and model, like "iPhone 13" or "HP DeskJet 2755e".` };
  }
  const words = text.toLowerCase().match(/[a-z0-9']+/g) ?? [];
  // "charging", "its slow", "no sound": only words for what a device does or what is wrong with it.
  const onlyTheProblem = words.length > 0 && words.every((w) => PROBLEM_WORDS.has(w.replace(/'/g, ''))) && words.some((w) => !FILLER.has(w.replace(/'/g, '')));
  if (onlyTheProblem || (namesAFault(text) && words.length >= 3)) {
    return { ok: false, reason: 'That sounds like what\'s wrong with it, and I have that already. Here I only need the make and model, like "iPhone 13" or "HP DeskJet 2755e".' };
  }
  return readModel(text);
}

// "not sure which version", "i dont know the model": every device question is optional, so this skips it.
// The whole message, unlike opensNotKnowing: "not sure but i think windows 11" answers the question.
const DOES_NOT_KNOW = new RegExp(
  String.raw`^${NOT_KNOWING_WORDS}(?:\s+(?:which|what|the|exactly|sorry))*(?:\s+(?:version|os|system|model|make|one|it\s+is|its|it's|it\s+runs))*[\s.!?]*$`,
  'i',
);
const doesNotKnow = (text: string) => DOES_NOT_KNOW.test(straight(text));

// Fillers, and the words for what a device does or fails at: no make or model is only these.
const FILLER = new Set('it its is isnt the my a an still just not no wont doesnt cant dont now again keeps keep'.split(' '));
const PROBLEM_WORDS = new Set([
  ...FILLER,
  ...('charge charges charging charged print prints printing boot boots booting start starts starting turn turns turning on off load loads loading ' +
    'connect connects connecting connected sync syncing work works working worked sound audio picture signal internet wifi online offline ' +
    'slow broken dead frozen freezing crashing crashes jammed jam buffering overheating hot stopped problem issue same thing').split(' '),
]);

function readDiagnostics(text: string): Reading {
  const sanitized = sanitizeDiagnostics(text);
  if (sanitized.text.trim().length === 0) {
    return { ok: false, reason: "Nothing was left once I removed personal details and secrets from that. Could you paste the error message itself?" };
  }
  const removed = describeRemoved(sanitized.removed);
  return {
    ok: true,
    value: sanitized.text,
    note: removed ? `Before keeping your log I removed ${removed}. The technical details are kept.` : 'I checked your log: it had no personal details or secrets to remove.',
  };
}

/** "2 web addresses and 1 email address", from the sanitizer's counts. */
export function describeRemoved(removed: DiagnosticsResult['removed']): string {
  const parts = removed.filter((r) => r.count > 0).map((r) => `${r.count} ${labelOf(r.type, r.count)}`);
  if (parts.length === 0) return '';
  return parts.length > 1 ? `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}` : parts[0];
}

const LABELS: Record<string, [string, string]> = {
  url: ['web address', 'web addresses'],
  email: ['email address', 'email addresses'],
  ip_address: ['public IP address', 'public IP addresses'],
  browsing_history: ['browsing history line', 'browsing history lines'],
  message_body: ['line of message text', 'lines of message text'],
  password: ['password', 'passwords'],
  api_key: ['access key', 'access keys'],
  credit_card: ['card number', 'card numbers'],
};
const labelOf = (type: string, n: number) => {
  const [one, many] = LABELS[type] ?? [type.replace(/_/g, ' '), `${type.replace(/_/g, ' ')} items`];
  return n === 1 ? one : many;
};
