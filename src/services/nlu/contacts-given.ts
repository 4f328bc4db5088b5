// What says whom to reach: "my email is pat.k@example.com", "my number is 555-123-4567".
const LEAD_IN = String.raw`(?:[,;:–-]\s*|\b(?:and|also)\s+)*(?:(?:my|the|our)\s+)?(?:e-?mail(?:\s+address)?|address|phone(?:\s+number)?|mobile(?:\s+number)?|cell(?:\s+number)?|number)\s*(?:is|'?s|:|=|-)\s*`;
const EMAIL = String.raw`[^\s<>"',;:()]+@[^\s<>"',;:()]+?(?=[.!?]*(?:\s|$|[,;:)]))`;
const PHONE = String.raw`\+?\(?\d[\d\s().-]{5,}\d`;
const EMAIL_GIVEN = new RegExp(`(?:${LEAD_IN})?${EMAIL}`, 'gi');
// Digits alone may be a model, an error code or a price: only a number introduced as the user's is one to reach them at.
const PHONE_GIVEN = new RegExp(`${LEAD_IN}${PHONE}`, 'gi');

/**
 * The message without the email addresses and phone numbers the user gave with it, nor the words
 * that introduce them: what is asked does not depend on who asks. Read word by word an address was
 * unknown words ("pat", "k", "example", "com") that made "unsubscribe pat.k@example.com" out of
 * scope, and "my email is" a correction of its own.
 */
export function withoutContactsGiven(text: string): string {
  const left = text.replace(EMAIL_GIVEN, ' ').replace(PHONE_GIVEN, ' ');
  // Untouched when nothing was given: a pasted log is read by its lines.
  if (left === text) return text;
  return left.replace(/\s+([,.!?])/g, '$1').replace(/\s+/g, ' ').replace(/^[\s,;:.–-]+|[\s,;:–-]+$/g, '').trim();
}
