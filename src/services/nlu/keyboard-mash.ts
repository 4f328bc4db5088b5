const ROWS = ['qwertyuiop', 'asdfghjkl', 'zxcvbnm'];

/** Four or more keys side by side on one keyboard row, either way: "asdf", "qwerty", "lkjh". */
function startsWithRowRun(word: string): boolean {
  if (word.length < 4) return false;
  return ROWS.some((row) => {
    const at = row.indexOf(word[0]);
    if (at < 0) return false;
    const step = row[at + 1] === word[1] ? 1 : row[at - 1] === word[1] ? -1 : 0;
    if (step === 0) return false;
    for (let i = 2; i < 4; i++) if (row[at + step * i] !== word[i]) return false;
    return true;
  });
}

/** A unit of one to three letters typed over and over: "aaaa", "jkjkjk", "sdfsdf". */
const REPEATED = /^([a-z]{1,3})\1{2,}$/;
// Five letters with no vowel are no English word ("sdfgd", "kjhkjh"); shorter ones may be an abbreviation (pdf, ssd).
const NO_VOWEL = /^[b-df-hj-np-tv-xz]{5,}$/;

/** Whether one word is keyboard mash rather than a word or an abbreviation. */
export function isMashedWord(word: string): boolean {
  const w = word.toLowerCase();
  return /^[a-z]+$/.test(w) && (startsWithRowRun(w) || REPEATED.test(w) || NO_VOWEL.test(w));
}

/**
 * Whether a message is obvious keyboard mash ("asdf", "jkjkjk sdfsdf"): every word mashed. A
 * digit or any real-looking word makes it something the user meant ("E3", "asdf printer").
 */
export function isKeyboardMash(text: string): boolean {
  const words = text.match(/[\p{L}\p{N}]+/gu) ?? [];
  return words.length > 0 && words.every(isMashedWord);
}
