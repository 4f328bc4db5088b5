// "my calls keep dropping" (the network's, for "dropping"), "i cant receive text messages" (the
// mailbox's, for "messages"), "people cant hear me on calls" (a problem or an opt-out, too close to
// call): calls, texts and the carrier's service are the phone's own, whatever else the words share.

const PHONE_SERVICE = /\b(?:calls?|calling|texts?|texting|text messages?|sms|mms|voicemail|no service|sos)\b/i;
// Calls in a computer's apps are the computer's or the Wi-Fi's ("zoom calls keep dropping").
const APP_CALLS = /\b(?:zoom|teams|skype|webex|meet|discord|video)\b/i;

/** Whether the message is about the phone's calls, texts or service, with no app's calls named. */
export function namesPhoneService(text: string): boolean {
  const plain = text.replace(/['’]/g, '');
  return PHONE_SERVICE.test(plain) && !APP_CALLS.test(plain);
}
