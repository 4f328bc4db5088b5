// The words for stopping: with one of them a message read as "cancel" stops what is under way
// (dialogs/interruptions.ts). Without one, the router may read the message for what else it says
// ("back camera out of focus"). None of them is anyone's name, address, email, phone or birth date.
export const CANCEL_WORDS = "cancel|stop|quit|exit|never ?mind|nvm|forget (?:about )?(?:it|this|that)|let'?s leave it";

/** A word for stopping anywhere in the text ("ok cancel that"). */
export const SAYS_CANCEL = new RegExp(`\\b(?:${CANCEL_WORDS})\\b`, 'i');
