/**
 * What a correction says. The model reads a correction of the user's details in any message about
 * their email, address or contacts ("my emails are gone" at 0.88, "my address book is gone" at
 * 0.90), and a sure one opens a privacy request and asks for the address on file at once. A
 * correction changes a detail, so it names the change: new, wrong, changed, updated, fixed, moved.
 * Mail, contacts or an address book gone or lost is a problem to fix, not a detail to change.
 * These read the router's corrected words (lower case, no apostrophes).
 */

/**
 * A detail changed or to change: "update my email", "my number is wrong", "i moved house", "new
 * address", "my name is misspelled", "the email you have is old", "delete my phone number" (a
 * correction that empties it), "my phone number is dead" (one to replace).
 */
const CHANGES_A_DETAIL =
  /\b(?:updat\w*|chang\w*|wrong|incorrect\w*|inaccurate|correct\w*|fix|fixed|edit\w*|amend\w*|rectif\w*|new|moved?|misspel\w*|spelt|spelled|spelling|typo|old|out of date|outdated|different|not right|mistake\w*|delete|remove|erase|dead|invalid|expired|disconnected|no longer (?:works?|valid|in use|use\w*))\b/;

/** Something of the user's gone: "my emails are gone", "i lost my contacts", "my inbox is empty". */
const GONE = /\b(?:gone|lost|missing|disappear\w*|vanish\w*|empty|wiped)\b/;

/** Whether the message names a change to a detail (see CHANGES_A_DETAIL), which a correction must. */
export function changesADetail(words: string): boolean {
  return CHANGES_A_DETAIL.test(words);
}

/** Whether the message tells of something gone or lost, a problem to fix rather than a detail to change. */
export function somethingGone(words: string): boolean {
  return GONE.test(words);
}
