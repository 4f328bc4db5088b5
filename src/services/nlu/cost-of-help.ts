// Questions about what the help itself costs ("do i need to pay for this help?", "is this free?"),
// which the model reads as a request for help ("help" at 0.87) or cannot place. Training lines for
// them moved the held-out readings, so a rule sends them to the billing dialog, which answers from
// the configured plans. Not "how do i pay" nor "is my trial free": those name no help or chat.
const ASKED =
  /\b(?:do|will|would) (?:i|we) (?:need to|have to|got to|be) (?:pay|paying|charged?)(?: (?:for|to use) (?:this|it|that|the|your|any) ?(?:help|support|chat|service|assistant|bot|session|technician)?| anything| extra)?\s*[?.!]*$|\b(?:is|are) (?:this|it|that|the|your|you) ?(?:chat|help|support|service|assistant|bot)? (?:really |actually )?free(?: of charge)?\b(?! (?:space|storage|up)\b)|\b(?:does|will|would) (?:this|it|the|your) ?(?:chat|help|support|service|assistant|bot)? cost (?:me )?(?:anything|money|extra|something|a (?:lot|fee)|much)\b|\bhow much (?:does|will|would|do) (?:this|the|your|you) ?(?:chat|help|support|service|assistant|bot)? (?:cost|charge)\b|\b(?:is there|are there) (?:a |any )?(?:charges?|fees?|costs?) for (?:this|the|your) ?(?:chat|help|support|service)?\b|\bdo you charge (?:for (?:this|help|support|the chat|chatting))?\b/i;

/** Whether the text asks what the help or this chat costs ("do i need to pay for this help?", "is this free?"). */
export function costOfHelpAsked(text: string): boolean {
  return ASKED.test(text.replace(/[’‘`]/g, "'"));
}
