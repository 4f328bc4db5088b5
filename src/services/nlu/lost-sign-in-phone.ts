// "i lost the phone my codes go to", "my phone was stolen and i cant get my 2fa codes": the phone
// is how the user proves who they are to an account, not a device at fault. The model read the first
// as out of scope and the second as a phone problem (the battery and storage guides).

const LOST = String.raw`(?:lost|lose|losing|stolen|stole|nicked|broke|gave away|sold|replaced|no longer have|dont have|do not have|got rid of)`;
const CODE = String.raw`(?:codes?|2fa|two factor|2 factor|two step|2 step|verification|verify|authenticator|sign in|log ?in|recovery)`;
const PHONE = String.raw`(?:phone|mobile|cell|iphone|android|number)`;
const LOST_SIGN_IN_PHONE = new RegExp(
  String.raw`\b${LOST}\b.*\b${PHONE}\b.*\b${CODE}\b|\b${CODE}\b.*\b${PHONE}\b.*\b${LOST}\b|\b${LOST}\b.*\brecovery ${PHONE}\b|\brecovery ${PHONE}\b.*\b${LOST}\b`,
  'i',
);

/** Whether the message says the phone the user's sign-in codes go to is lost, stolen or gone. */
export function losesSignInPhone(text: string): boolean {
  return LOST_SIGN_IN_PHONE.test(text.replace(/['’]/g, '').replace(/-/g, ' '));
}
