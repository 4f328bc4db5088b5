/**
 * What a deletion is of. The model reads a deletion request in any message with "delete" in it
 * ("delete my emails" at 0.94, "how do i delete old photos" at 0.52), and a sure one opens an
 * erasure request at once. Only our records of the user are ours to erase; mail in an inbox,
 * photos on a phone or an account on some app are the user's to delete, or a problem to fix.
 * These read the router's corrected words (lower case, no apostrophes).
 */

/** Our records of the user, named: "delete my data", "forget me", "remove me from your database", "delete my account". */
const OUR_RECORDS =
  /\b(?:data|info|information|details|personal|records?|profile|account|addresse?s?|(?:phone|mobile|cell|contact) numbers?|my number|my e-?mail\b|my (?:full |last |first )?name|surname|chats?|conversations?|convos?|transcripts?|recordings?|gdpr|ccpa|erasure|forgotten|privacy)\b|\b(?:delete|erase|remove|forget|wipe|scrub|purge|disappear|delete all) me\b|\b(?:on|about|of) me\b|\byour (?:records|database|systems?|files)\b|(?<!(?:browsing|browser|search|call|internet|web|watch|google|youtube) )\bhistory\b|^(?:please )?(?:delete|erase|wipe) everything(?: please)?$/;

/** A device's things, which its owner deletes there: "old photos", "apps", "my cache", "browsing history". */
const DEVICE_THINGS =
  /\b(?:photos?|pictures?|pics|videos?|apps?|files?|storage|space|cache|cookies|downloads?|songs|music|(?:browsing|browser|search|call|internet|web|watch) history)\b/;

/** Something already deleted, to be got back: "i accidentally deleted my emails", "my texts got deleted". */
const ALREADY_GONE =
  /\b(?:accident\w*|by mistake|mistakenly|got deleted|been deleted|were deleted|was deleted|deleted itself|recover\w*|restor\w*|get (?:\w+ )?back)\b/;

/** An account with another company: "how do i delete my facebook account", "my old yahoo email account". */
const OTHER_SERVICE =
  /\b(?:facebook|fb|instagram|insta|twitter|tiktok|snapchat|whatsapp|linkedin|pinterest|reddit|discord|google|gmail|yahoo|hotmail|outlook|aol|microsoft|apple|icloud|amazon|netflix|spotify|hulu|disney|paypal|ebay|uber|zoom|skype|steam|xbox|playstation|psn)\b(?: \w+){0,2} accounts?\b/;

/** Whether the deletion asked for is of our records of the user, not of a device's things or another app's account. */
export function deletesOurRecords(words: string): boolean {
  return OUR_RECORDS.test(words) && !DEVICE_THINGS.test(words) && !ALREADY_GONE.test(words) && !OTHER_SERVICE.test(words);
}

/** Whether the message is about a device's things deleted or to delete there, a problem to fix rather than a request to us. */
export function deletesOnADevice(words: string): boolean {
  return DEVICE_THINGS.test(words) || ALREADY_GONE.test(words);
}

/** Our holding the user's data unwanted: "i dont want you guys to have my info anymore", "i dont want your company keeping my details". */
const NOT_TO_HOLD =
  /\b(?:dont|do not|never) want(?: (?:you|u|guys|people|lot|your|company|team|to|anyone))* (?:have|hold|keep|store|having|holding|keeping|storing)(?: (?:my|any|of|all|the|personal))* (?:data|info|information|details)\b/;

/** Whether the user says they want us no longer to hold their data, a deletion in other words (see NOT_TO_HOLD). */
export function wantsOurRecordsGone(words: string): boolean {
  return NOT_TO_HOLD.test(words);
}
