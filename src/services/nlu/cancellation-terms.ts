// Questions about the terms of cancelling a plan, which the model reads as a request to stop
// ("cancel anytime?" as cancel at 0.95) or cannot tell from one ("can i cancel anytime?": cancel
// at 0.41 against billing at 0.29). They are asked before a cancellation, to be answered from the
// company's plans; not "cancel my subscription", which is the cancellation itself.
const TERMS =
  /\bcancel+(?:ing|led)?\s+(?:it\s+|(?:the|my|a|this|that|your)\s+(?:\w+\s+)?(?:plan|subscription|membership)\s+)?(?:at\s+)?(?:any\s?time|whenever|when(?:ever)? i (?:want|like|need)|at will)\b|\bcancell?ation\s+(?:fees?|charges?|penalt(?:y|ies)|polic(?:y|ies)|terms|period|notice)\b|\b(?:fees?|charges?|penalt(?:y|ies)|pay)\s+(?:for|to|if i|when i)\s+cancel|\bwhat happens (?:if|when) i cancel\b|\b(?:locked|tied)\s+(?:in(?:to)?)\b|\b(?:minimum|fixed)\s+(?:term|contract|period|commitment)\b|\b(?:is there|do i (?:need|have) to sign) a contract\b|\bcontract (?:length|term)\b|\bnotice period\b/i;

/** Whether the text asks what cancelling involves ("can i cancel anytime?", "is there a cancellation fee"). */
export function cancellationTermsAsked(text: string): boolean {
  return TERMS.test(text.replace(/[’‘`]/g, "'"));
}
