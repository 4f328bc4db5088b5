// "Yes please, use that one", "no thanks": a yes or a no with the words people add to it, as a
// contact question reads them in answer to its own doubt ("Did you mean gmail.com?"). None of them
// is anyone's name, address, email, phone or birth date.
export const YES = /^(?:y|yes|yeah|yea|yep|yup|sure|ok|okay|correct|right|that'?s (?:right|correct|it|fine)|it is|go ahead|please do)(?:[\s,.!]+(?:please|thanks|thank you|use (?:it|that|that one|this one)|that'?s (?:right|correct|it|fine)|it is|correct))*[\s.!]*$/i;
export const NO = /^(?:n|no|nope|nah|not quite|wrong|that'?s wrong)(?:[\s,.!]+(?:thanks|thank you|not that one|that'?s wrong|wrong))*[\s.!]*$/i;

/** The whole message is a yes or a no (YES, NO) and nothing else. */
export function onlyYesOrNo(text: string): boolean {
  const t = text.trim();
  return YES.test(t) || NO.test(t);
}
