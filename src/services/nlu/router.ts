import path from 'node:path';
import { Analyzer, type Analysis } from './analyzer';
import { REAL_WORDS_UNTRAINED } from './spelling';
import { loadNluContent, type NluContent } from './content';
import { DeviceDetector, type DeviceContext } from './device';
import { trainDeviceFallback, trainIntentClassifier, type IntentModel } from './classifier';
import type { Device, Intent } from './labels';
import { SecurityDetector } from './security';
import { fromUs, ourNames } from './our-names';
import { splitClauses } from './clauses';
import { asksForNoMoreContact, asksToStop, notAnOptOut } from './opt-out-words';
import { deletesOnADevice, deletesOurRecords, wantsOurRecordsGone } from './deletion-words';
import { changesADetail, somethingGone } from './correction-words';
import { asksNotToKeepChat, asksToOptIn } from '../privacy/requests/purposes';
import { asksPrivacySettings, asksWhatIsHeld, requestStatusAsked } from './privacy-questions';
import { cancellationTermsAsked } from './cancellation-terms';
import { costOfHelpAsked } from './cost-of-help';
import { planValueAsked } from './plan-value';
import { isQuestion } from './question';
import { asksAboutSafety, physicalDamageIn } from './damage';
import { losesSignInPhone } from './lost-sign-in-phone';
import { namesPhoneService } from './phone-service';
import { asksWhetherWeFix } from './fix-question';
import { pastedLogIn } from './pasted-log';
import { SAYS_CANCEL } from './cancel-words';
import { withoutGreeting } from './normalize';
import { withoutContactsGiven } from './contacts-given';
import { personContactedIn, personDeclinedIn, personQuestionAbout, personQuestionIn, personRequestIn, typedPlainly } from './person-request';

export interface Classification {
  text: string;
  intent: Intent;
  device: Device;
  /** Probability of `intent`, in [0, 1]. */
  confidence: number;
  /** In-scope intents, most likely first: [0] and [1] are the two choices offered when `ambiguous`. */
  alternatives: { intent: Intent; confidence: number }[];
  /** The top two in-scope intents are too close to call: ask the user to pick. */
  ambiguous: boolean;
  /** A security report (hacked, phishing, scam call...): goes to a technician with priority. */
  security: boolean;
  /** Lower-cased, typo-corrected content words of the message, for choosing a flow. */
  symptoms: string[];
  /**
   * The kinds of device the user may mean when all they named is a maker of several ("its an hp": a
   * printer or a computer); `device` is then 'none' and the troubleshooting dialog asks which.
   */
  deviceAmong?: Exclude<Device, 'none'>[];
}

/** Thresholds chosen by cross-validation on the training data (never on the held-out set). */
export const ROUTER_THRESHOLDS = {
  /** Below this the best in-scope intent is a guess, so the message is out of scope. */
  minConfidence: 0.3,
  /** Two close intents that together reach this are worth asking about, even if neither alone is likely. */
  minPairConfidence: 0.5,
  /** Top two in-scope intents closer than this are ambiguous. */
  ambiguityMargin: 0.15,
  /** A clause this sure of a different intent is a second request in the same message. */
  clauseConfidence: 0.8,
  /** More than this share of unknown content words means we do not understand the message. */
  maxUnknownShare: 0.5,
} as const;

const SECURITY_CONFIDENCE = 0.9;
/**
 * The rest of a message told after an earlier call is read as the request only this surely (the
 * dialogs' SURE_CONFIDENCE): "still waiting for the callback" is opt_out at 0.33, a guess no better
 * than the person the whole message reads as.
 */
const SURE_OF_REST = 0.6;
/** A question whether someone can help: at least the dialogs' SURE_CONFIDENCE (0.6), below their UNMISTAKABLE (0.85). */
const PERSON_QUESTION_CONFIDENCE = 0.8;

/** Classifies user messages into an intent and a device; trained from content/nlu at load time. */
export class Router {
  /** Milliseconds spent training at load. */
  readonly trainingMs: number;

  private constructor(
    private readonly analyzer: Analyzer,
    private readonly intents: IntentModel,
    private readonly devices: DeviceDetector,
    private readonly securityDetector: SecurityDetector,
    trainingMs: number,
    /** The company's own name, as corrected words: "unsubscribe from brightside emails" is our mail. */
    private readonly ourName: ReadonlySet<string>,
    /** Our own messages, which an opt-out stops: "stop spamming me", "spam from you", "spam from brightside". */
    private readonly spamFromUs: RegExp,
    /** What the user gets from us: "texts from you", "calls from brightside". */
    private readonly fromUs: RegExp,
  ) {
    this.trainingMs = trainingMs;
  }

  /** `company`: the company's name (policy company.name), so mail from it is read as ours. */
  static async load(contentDir = 'content/nlu', options: { company?: string } = {}): Promise<Router> {
    return Router.fromContent(await loadNluContent(path.resolve(contentDir)), options);
  }

  static fromContent(content: NluContent, options: { company?: string } = {}): Router {
    const started = performance.now();
    // Headphones have no device label, so no lexicon keywords: "my airpods are acting up" was too
    // little understood to read as a headphones fault.
    const keywords = [...content.lexicon.flatMap((l) => l.keywords), ...content.makers.map((m) => m.name), ...REAL_WORDS_UNTRAINED, ...HEADPHONE_WORDS];
    const analyzer = new Analyzer([...content.intents.map((u) => u.text), ...content.devices.map((u) => u.text)], keywords);
    const intents = trainIntentClassifier(content, analyzer);
    const devices = new DeviceDetector(content.lexicon, trainDeviceFallback(content, analyzer), content.makers);
    const security = new SecurityDetector(content.securityPhrases);
    const ourName = new Set(options.company ? analyzer.analyze(options.company).canonical : []);
    return new Router(analyzer, intents, devices, security, performance.now() - started, ourName, spamFromUs(options.company), fromUs(options.company));
  }

  /** Another in-scope request made in its own clause, if the message makes one besides `intent`. */
  private secondRequest(text: string, intent: Intent): { intent: Intent; confidence: number } | null {
    const clauses = splitClauses(text);
    if (clauses.length < 2) return null;
    for (const clause of clauses) {
      const analysis = this.analyzer.analyze(clause);
      if (analysis.content === 0) continue;
      const [top] = this.intents.predict(analysis.features);
      const substantive = top.intent !== 'out_of_scope' && !CONVERSATIONAL_INTENTS.has(top.intent);
      if (substantive && top.intent !== intent && top.p >= ROUTER_THRESHOLDS.clauseConfidence) {
        return { intent: top.intent, confidence: round(top.p) };
      }
    }
    return null;
  }

  classify(text: string): Classification {
    // A pasted error log is read for what it names (a crash on a Windows PC), or for the user's own
    // words before it when they surely name a device's problem ("my pc keeps crashing, here is the
    // error:"). Read word by word it was out of scope (its unknown words), or fitted a guide by one
    // word it shares ("network"). The reading's text is those words, which the dialogs read again.
    const log = pastedLogIn(text);
    if (log) {
      const own = log.said ? this.classify(log.said) : undefined;
      const sure = own?.intent === 'troubleshoot' && !own.ambiguous && own.confidence >= SURE_OF_REST && own.device !== 'none';
      return sure ? own : this.classify(log.reads);
    }
    // "unsubscribe pat.k@example.com", "delete my account, my email is pat.k@example.com": read
    // without the address, which names who asks and not what; the dialogs still read it in `text`.
    // An address alone ("my email is ...") is read as before, and so is one after a word for stopping:
    // "cancel, my email is jo@example.com" at the address question is the answer, not a cancel.
    const bare = withoutContactsGiven(text);
    if (bare !== text && this.analyzer.analyze(bare).content > 0) {
      const read = this.classify(bare);
      if (read.intent !== 'cancel') return { ...read, text };
    }
    // "i dont want to talk to a person my laptop is broken": the person words read as a request for
    // one (human, 0.74) though the user said the opposite. The message is read without them: the
    // laptop problem, or nothing at all when that was all it said (the dialogs reassure the user).
    const declined = personDeclinedIn(text);
    if (declined) {
      const rest = typedPlainly(text).replace(declined, ' ');
      // "i dont want a technician" leaves "i", which the model reads as help: nothing was asked.
      return { ...this.classify(this.analyzer.analyze(rest).content === 0 ? '' : rest), text };
    }
    // "i called support yesterday and my laptop is still slow": a call that already happened is no
    // request for a person (see personContactedIn); the rest of the message says what is asked.
    // Alone ("i called support yesterday") it may still be the user's way of asking for one, and a
    // security report stays one whatever the user did before.
    const contacted = personContactedIn(text);
    if (contacted && !this.securityDetector.mentionsSecurity(text)) {
      const left = typedPlainly(text).replace(contacted, ' ');
      const rest = this.analyzer.analyze(left).content > 0 ? this.classify(left) : undefined;
      if (rest && rest.intent !== 'out_of_scope' && !CONVERSATIONAL_INTENTS.has(rest.intent) && !rest.ambiguous && rest.confidence >= SURE_OF_REST) {
        // "i called you on my phone and my laptop still wont boot": the whole message tells the phone used from the laptop at fault.
        return { ...rest, text, device: this.devices.detect(this.analyzer.analyze(text), { intent: rest.intent, security: rest.security }) };
      }
    }
    // "hi did anyone look at my ticket": the hello is conversation, and weighs as much as the
    // request in the model (ambiguous, human 0.37 against greeting 0.25); the request alone is
    // read instead unless the router finds it ambiguous too. A hello with nothing clear after it stays a hello.
    const left = withoutGreeting(text);
    if (left.length < text.length && left.length > 0) {
      const rest = this.analyzer.analyze(left).content > 0 ? this.classify(left) : undefined;
      if (rest && rest.intent !== 'out_of_scope' && !CONVERSATIONAL_INTENTS.has(rest.intent) && !rest.ambiguous) return { ...rest, text };
    }
    const analysis = this.analyzer.analyze(text);
    const scores = this.intents.predict(analysis.features);
    const inScope = scores.filter((s) => s.intent !== 'out_of_scope');
    const alternatives = inScope.slice(0, 3).map((s) => ({ intent: s.intent, confidence: round(s.p) }));
    const [first, second] = inScope;
    const scoreOf = (of: Intent) => scores.find((s) => s.intent === of)?.p ?? 0;
    const outOfScope = scoreOf('out_of_scope');

    let intent: Intent;
    let confidence: number;
    // After a rule settles the reading: it comes first among the alternatives, the others after it.
    const leadWithReading = () =>
      alternatives.splice(0, alternatives.length, { intent, confidence: round(confidence) }, ...alternatives.filter((a) => a.intent !== intent).slice(0, 2));
    // A rule below settles the reading: at least `floor` sure, no longer a choice between two.
    const settle = (reading: Intent, floor: number) => {
      intent = reading;
      confidence = Math.max(scoreOf(reading), floor);
      ambiguous = false;
      leadWithReading();
    };
    const unknownShare = analysis.content > 0 ? analysis.unknownContent / analysis.content : 0;
    const notUnderstood = analysis.tokens.length === 0 || unknownShare > ROUTER_THRESHOLDS.maxUnknownShare;
    const worthAsking = first.p + (second?.p ?? 0) >= ROUTER_THRESHOLDS.minPairConfidence;
    const nothingFits = outOfScope >= first.p || (first.p < ROUTER_THRESHOLDS.minConfidence && !worthAsking);
    if (notUnderstood) {
      intent = 'out_of_scope';
      confidence = Math.max(outOfScope, unknownShare);
    } else if (nothingFits) {
      intent = 'out_of_scope';
      confidence = Math.max(outOfScope, 1 - first.p);
    } else {
      intent = first.intent;
      confidence = first.p;
    }

    // A report of a hack or scam outranks whatever else the message looks like; only a
    // question about how we protect data (privacy_info) is not a report.
    const security = intent !== 'privacy_info' && this.securityDetector.mentionsSecurity(text);
    if (security && intent !== 'human') {
      intent = 'human';
      confidence = Math.max(confidence, SECURITY_CONFIDENCE);
    }

    let ambiguous =
      !security && intent !== 'out_of_scope' && second !== undefined && first.p - second.p < ROUTER_THRESHOLDS.ambiguityMargin;
    if (!security && !ambiguous && intent !== 'out_of_scope') {
      const other = this.secondRequest(text, intent);
      if (other) {
        ambiguous = true;
        alternatives.splice(0, alternatives.length, alternatives.find((a) => a.intent === intent) ?? { intent, confidence: round(confidence) }, other,
          ...alternatives.filter((a) => a.intent !== intent && a.intent !== other.intent).slice(0, 1));
      }
    }
    let device = this.devices.detect(analysis, { intent, security });
    // "how do i unsubscribe from apple emails", "dont share my password with anyone", "dont email me
    // the report": an opt-out's words about the user's own mailbox, a secret or one thing, which the
    // opt-out dialog would carry out as stopping our marketing or sharing (see opt-out-words.ts). For
    // an opt-out the device is an app named ("in outlook"): contact words there are the user's address.
    const instead = intent === 'opt_out' && !security ? notAnOptOut(analysis.canonical.join(' '), device !== 'none', this.ourName) : undefined;
    if (instead) {
      intent = instead;
      confidence = Math.max(scoreOf(instead), ROUTER_THRESHOLDS.minConfidence);
      ambiguous = false;
      if (instead !== 'out_of_scope') leadWithReading();
      device = this.devices.detect(analysis, { intent, security });
      // Unsubscribing from a newsletter is done in a mailbox, whether or not an app is named.
      if (intent === 'troubleshoot' && device === 'none') device = 'email';
    }
    // The model has seen too few bare "my tablet is broken"s to tell them from chat about devices
    // ("which tablet should I buy"): a named device with a word for a fault is a device problem.
    // "my echo plays music for a minute then stops": "stops" too, which the dialogs' fault words leave
    // out (at a step, "it stops" answers it).
    // So is one read as help or as stopping with no word for stopping: "alexa never understands what
    // i say" (help, 0.85, for "understand"), "back camera out of focus" (cancel, 0.78, for "back" and "out").
    const readAsNothing = intent === 'out_of_scope' || intent === 'help' || (intent === 'cancel' && !SAYS_CANCEL.test(text));
    // "how do i set up my new router" (out of scope, 0.78): a device named with a word for setting it up
    // is help with that device too, which its guides or a technician give.
    const faultOfDevice = readAsNothing && !notUnderstood && device !== 'none' && (FAULT_WORDS.test(text) || STOPS.test(text) || SETS_UP.test(text));
    // Headphones are no device of the labels, but a fault of theirs has a guide: "only one airpod works"
    // was a goodbye, "my airpods only play in one ear" out of scope. A rule: training phrases for them
    // moved unrelated held-out readings.
    const headphonesFault = (readAsNothing || intent === 'goodbye') && !notUnderstood && HEADPHONES.test(text) && (FAULT_WORDS.test(text) || ONE_SIDE.test(text));
    // "my computer", "help my pc": a device named without a word for reaching it from afar is a
    // problem with it, not a request for remote access.
    const deviceNotReached = intent === 'remote_access' && device !== 'none' && !REMOTE_WORDS.test(text);
    // "the remote is dead", "the remote one" (at a pick between TV guides): the hand-held remote
    // control, which the model reads as remote access for its one word.
    // So is "actually its the remote thats the problem", a goodbye (0.54) to the model: the remote
    // with a word for a fault, read as chat or as nothing.
    const remoteReading = intent === 'remote_access' || ((intent === 'out_of_scope' || CONVERSATIONAL_INTENTS.has(intent)) && FAULT_WORDS.test(text));
    const handRemote = remoteReading && HAND_REMOTE.test(text) && !REMOTE_REQUEST.test(text);
    // "my laptop overheats" asked as "a device problem or remote access?", "my phone is laggy" as "a
    // device problem or correct my details?": a named device with a word for a fault, and no word
    // for reaching it from afar or for the user's details, is the problem.
    const [top, next] = alternatives;
    const otherReading = top?.intent === 'troubleshoot' ? next?.intent : next?.intent === 'troubleshoot' ? top?.intent : undefined;
    const problemNotOther =
      ambiguous && device !== 'none' && FAULT_WORDS.test(text) &&
      ((otherReading === 'remote_access' && !REMOTE_WORDS.test(text)) || (otherReading === 'data_correction' && !DETAILS_WORDS.test(text)));
    // "my phone died", "my ipad died": a device that died is a device problem. The model read the first
    // as a change of the user's phone number (its device then none, "phone" being a contact word) and
    // the second as chat. Not when a person is asked for too ("my phone died, can i talk to someone").
    // A rule, not training phrases: those moved unrelated readings.
    const diedDevice =
      !security && !PROBLEM_OR_PERSON.has(intent) && DIED.test(text) && !DETAILS_WORDS.test(text) &&
      this.devices.detect(analysis, { intent: 'troubleshoot', security }) !== 'none';
    if (diedDevice) device = this.devices.detect(analysis, { intent: 'troubleshoot', security });
    // "i spilled coffee on my laptop" (a person, remote access or a problem to the model, none
    // sure), "my phone fell in water": damage to a named device is a device problem, which the
    // troubleshooting dialog answers with safe first steps and a technician (damage.ts).
    // A person asked for in words is still read below ("i spilled water on my laptop, can i talk to someone").
    // A fire or electrical hazard is one with no device named too ("something is smoking"): the
    // model read "i smell burning from the router" as out of scope.
    const damage = !security && !diedDevice ? physicalDamageIn(text) : undefined;
    const damagedDevice = damage ? this.devices.detect(analysis, { intent: 'troubleshoot', security }) : 'none';
    if (damagedDevice !== 'none') device = damagedDevice;
    // "can a laptop battery catch fire?", "is it safe to leave my router on all night": chat or a guide's
    // words to the model, a safety answer to the troubleshooting dialog (opening.ts).
    const hazard = damage === 'hazard' || (!security && !PROBLEM_OR_PERSON.has(intent) && asksAboutSafety(text));
    if (handRemote || problemNotOther || diedDevice || damagedDevice !== 'none' || hazard) {
      intent = 'troubleshoot';
      confidence = Math.max(scoreOf('troubleshoot'), ROUTER_THRESHOLDS.minConfidence);
      ambiguous = false;
      if (device === 'none' && handRemote) device = 'tv';
      if (diedDevice || damagedDevice !== 'none' || hazard) leadWithReading();
    }
    // "my dvr wont record again", "please record my tv show": a device's own recording, which the
    // model reads as our transcript (an opt-out, a data request) for the word "record". A device named
    // and nothing of ours or of the user (this chat, their calls, "me", "everything i say") is the device's problem, or, with no
    // fault named, not something we do. A rule, not training phrases: added phrases moved unrelated readings.
    const deviceRecording =
      !security && RECORDING_INTENTS.has(intent) && DEVICE_RECORDS.test(text) && !OUR_RECORDING.test(text) &&
      this.devices.detect(analysis, { intent: 'troubleshoot', security }) !== 'none';
    if (deviceRecording) {
      intent = FAULT_WORDS.test(text) ? 'troubleshoot' : 'out_of_scope';
      confidence = Math.max(scoreOf(intent), ROUTER_THRESHOLDS.minConfidence);
      ambiguous = false;
      device = this.devices.detect(analysis, { intent, security });
      leadWithReading();
    }
    // "erase this conversation" (out of scope to the model, which knows "delete my chats"): a word
    // for deleting with this chat named is a deletion request, which the rights dialog then offers
    // for this chat only (privacy/requests/chat-deletion.ts). A rule, not training phrases: added
    // phrases moved unrelated readings across the dialogs' thresholds.
    if (!security && DELETES_THIS_CHAT.test(text)) {
      settle('data_deletion', THIS_CHAT_DELETION_CONFIDENCE);
    }
    // "did you delete my data yet", "status of my export": a question after the user's own request
    // (privacy_info, which answers with its status), not a new one: the model reads the request's
    // words (deletion at 0.97, access at 0.93), and the new request replaced the one asked after.
    // After the deletion of this chat above: "did you delete this chat yet" asks too. A rule, not
    // training phrases, as for the rules around it.
    if (!security && requestStatusAsked(text)) {
      settle('privacy_info', STATUS_QUESTION_CONFIDENCE);
    }
    // "what have i opted out of", "am i still subscribed to your newsletter": where the user's own
    // choices stand (privacy_info, which answers with them), not an opt-out: the model reads their
    // words (0.55, 0.72), and a new opt-out was carried out with a receipt. A rule, as above.
    if (!security && asksPrivacySettings(text)) {
      settle('privacy_info', STATUS_QUESTION_CONFIDENCE);
    }
    // "do you have my details", "have you got my email address on file": asks what we hold, which the
    // access request shows (the model read a correction). A rule, as for the questions above.
    if (!security && asksWhatIsHeld(text)) {
      settle('data_access', STATUS_QUESTION_CONFIDENCE);
    }
    // "and no phone calls either", "no more texts": a kind of contact refused, alone (opt-out-words.ts).
    if (!security && asksForNoMoreContact(analysis.canonical.join(' '))) {
      settle('opt_out', NO_MORE_CONTACT_CONFIDENCE);
      device = 'none'; // "phone calls" names how we reach the user, not a device at fault
    }
    // An opt-out switches our marketing off at once and a sure deletion opens an erasure request, so
    // each needs the request in words; the model reads one in any message about calls, texts, email
    // or deleting. "cant hear anyone on calls" (opt_out, 0.76), "i dont get notifications for texts"
    // asked nothing to stop: a problem told is the device's, anything else is asked about first.
    // "how do i delete old photos" or "i accidentally deleted my emails" is the device's too; "delete
    // my emails" or "delete my account on my phone" may be ours or the device's, so is asked about.
    // One rule for what a request must say, not exceptions for what it may not.
    const words = analysis.canonical.join(' ');
    const optOutRead = intent === 'opt_out' || (ambiguous && alternatives.slice(0, 2).some((a) => a.intent === 'opt_out'));
    if (!security && optOutRead && !asksToStop(words) && !asksToOptIn(text)) {
      const problemTold = FAULT_WORDS.test(text) || NOT_ARRIVING.test(text) || (ambiguous && alternatives.slice(0, 2).some((a) => a.intent === 'troubleshoot'));
      // "my drone wont take off": a problem, but of nothing we have guides for; asked about as before.
      const ofADevice = PHONES_OWN.test(text) || namesPhoneService(text) || this.devices.detect(analysis, { intent: 'troubleshoot', security }) !== 'none';
      if (problemTold && ofADevice) {
        settle('troubleshoot', LOCKED_OUT_CONFIDENCE);
        device = this.devices.detect(analysis, { intent, security });
      } else if (intent === 'opt_out') {
        confidence = Math.min(confidence, UNASKED_CONFIDENCE);
      }
    }
    if (!security && intent === 'data_deletion') {
      if (deletesOnADevice(words)) {
        settle('troubleshoot', LOCKED_OUT_CONFIDENCE);
        device = this.devices.detect(analysis, { intent, security });
      } else if (!deletesOurRecords(words) || this.deviceNamed(analysis)) {
        confidence = Math.min(confidence, UNASKED_CONFIDENCE);
      }
    }
    // "my emails are gone", "my contacts are gone from my phone" (a correction, 0.88 and 0.61): a
    // correction opens a privacy request at once, so it needs a word for changing a detail
    // (correction-words.ts). Something gone on a device is the device's problem; anything else
    // without such a word is asked about first.
    if (!security && intent === 'data_correction' && !changesADetail(words)) {
      const problemDevice = this.devices.detect(analysis, { intent: 'troubleshoot', security });
      // "my address book is gone": contacts with no device named are most likely the phone's (below).
      if ((somethingGone(words) || FAULT_WORDS.test(text)) && (problemDevice !== 'none' || PHONE_MOST_LIKELY.test(text))) {
        settle('troubleshoot', LOCKED_OUT_CONFIDENCE);
        device = problemDevice;
      } else {
        confidence = Math.min(confidence, UNASKED_CONFIDENCE);
      }
    }
    // "pls dont save this convo" (cancel, 0.85), "can u not store my messages" (privacy_info, 0.64): this
    // chat not to be kept, in other words than "dont record this chat" (opt_out, 0.97). Acted on as
    // surely, at any question: P8 stops the recording at once.
    if (!security && asksNotToKeepChat(text)) {
      settle('opt_out', NOT_KEPT_CONFIDENCE);
      device = 'none';
    }
    // "i dont want you guys to have my info anymore" (opt_out, 0.47, which offered only stopping
    // marketing): a deletion in other words, asked about first as a deletion not asked for in so many.
    const deletionRead = intent === 'data_deletion' || (ambiguous && alternatives.slice(0, 2).some((a) => a.intent === 'data_deletion'));
    if (!security && !deletionRead && wantsOurRecordsGone(words)) {
      intent = 'data_deletion';
      confidence = UNASKED_CONFIDENCE;
      ambiguous = false;
      leadWithReading();
    }
    // "my data is full" (privacy_info, 0.60): the phone's mobile data or storage, not data we hold.
    if (!security && (intent === 'privacy_info' || PRIVACY_REQUEST_INTENTS.has(intent)) && MOBILE_DATA.test(text)) {
      settle('troubleshoot', LOCKED_OUT_CONFIDENCE);
    }
    // "no sound on calls" (a TV's, for "no sound"), "cant hear anyone on calls", "how do i delete old
    // photos": calls, texts and mobile data are a phone's, and photos or apps with no device at all
    // most likely are, when no device is named.
    if (intent === 'troubleshoot' && this.devices.named(analysis, { intent, security }).length === 0) {
      if (!this.fromUs.test(text) && (PHONES_OWN.test(text) || (device === 'none' && PHONE_MOST_LIKELY.test(text)))) device = 'phone';
    }
    // "my account is locked", "im locked out of my account": a sign-in fault, which the model read as a correction
    // of the user's details (0.63) for the word "account", and which opened a privacy request. Not when details
    // are named ("my account is locked and my address is wrong"). A rule, not training phrases: three added
    // phrases moved held-out readings (out-of-scope recall 94.6% -> 92.9%).
    // Also when the model could not choose between such a request and another ("my account got locked": a person or a
    // correction, neither sure), unless a person is asked for in words.
    const readAsRequest = PRIVACY_REQUEST_INTENTS.has(intent) || (ambiguous && alternatives.slice(0, 2).some((a) => PRIVACY_REQUEST_INTENTS.has(a.intent)) && !personRequestIn(text));
    if (!security && readAsRequest && LOCKED_OUT.test(text) && !DETAILS_WORDS.test(text)) {
      settle('troubleshoot', LOCKED_OUT_CONFIDENCE);
    }
    // "i lost the phone my codes go to": signing in to an account, whose guides ask which one (or
    // are the email's, when it is named), not the phone's. A rule, as for being locked out above.
    if (!security && losesSignInPhone(text)) {
      settle('troubleshoot', LOCKED_OUT_CONFIDENCE);
      if (device !== 'email') device = 'none';
    }
    // "the verification code for my email never arrives" (a correction of the user's details, for
    // "email" and "code"), "my emails bounce back undeliverable", "some emails vanished from my
    // folders" (a problem or a correction, too close to call): mail or a sign-in code that never
    // arrives, bounces or vanishes is the mailbox's problem, not the user's details. Not when
    // details are named. A rule, not training phrases, as for being locked out above.
    const problemDevice = () => this.devices.detect(analysis, { intent: 'troubleshoot', security });
    const mailLost = (SIGN_IN_CODE.test(text) && NOT_ARRIVING.test(text)) || (MAIL_GONE.test(text) && problemDevice() === 'email');
    if (!security && mailLost && !DETAILS_WORDS.test(text) && (intent !== 'troubleshoot' || ambiguous) && !personRequestIn(text)) {
      settle('troubleshoot', LOCKED_OUT_CONFIDENCE);
      device = problemDevice();
    }
    // "speeds are way lower than what im paying for": the connection's speed, which the model reads as
    // a bill for "paying". A refund or charge named in so many words stays the bill.
    if (!security && SPEED_NAMED.test(text) && SPEED_SHORT.test(text) && !BILLING_WORDS.test(text) && !personRequestIn(text)) {
      settle('troubleshoot', LOCKED_OUT_CONFIDENCE);
      device = problemDevice();
      if (device === 'none') device = 'network';
    }
    // "getting popups saying my computer is infected and to call a number" (a person or a problem, too
    // close to call, for "call"): the pop-ups are the problem, their number no request for a person.
    // A person asked for in so many words still is one.
    if (!security && POP_UPS.test(text) && (intent !== 'troubleshoot' || ambiguous) && intent !== 'out_of_scope' && !personRequestIn(text)) {
      settle('troubleshoot', LOCKED_OUT_CONFIDENCE);
      device = problemDevice();
    }
    // "i keep getting pop ups": the model reads mail for "getting" (as mail is got), so the pop-ups went
    // to the email guides. Pop-ups on no device named are the computer's, whose guide is for them;
    // POP named with mail's words ("pop3", "pop settings") is still the mailbox's. So is a virus on no
    // device named: the phone's guide has the same words, and "i think i have a virus, my browser keeps
    // opening weird sites" offered both.
    const named = () => this.devices.named(analysis, { intent: 'troubleshoot', security });
    const popUps = POP_UP_NOUN.test(text) && !POP_MAIL.test(text);
    const noDeviceInfected = device === 'none' && intent === 'troubleshoot' && !ambiguous && (popUps || INFECTED.test(text));
    if (((device === 'email' && popUps) || noDeviceInfected) && named().length === 0) device = 'computer';
    // "i think my laptop is infected with a virus" (out of scope, 0.80: a virus is a doctor's in the
    // out-of-scope lines), "i think my pc has a virus" (a person, 0.58): a computer or phone named
    // with an infection is its problem, the malware guide's. Not when a person or remote access is
    // asked for in so many words; "malware" is a security report, read above. A rule, not training
    // phrases, as for being locked out above.
    const infected = !security && INFECTED.test(text) && named().length > 0 && ['computer', 'phone'].includes(problemDevice());
    if (infected && (intent !== 'troubleshoot' || ambiguous) && !personRequestIn(text) && !personQuestionIn(text) && !REMOTE_WORDS.test(text)) {
      settle('troubleshoot', LOCKED_OUT_CONFIDENCE);
      device = problemDevice();
    }
    // A problem with calls, texts or the carrier's service and no device named is the phone's (see
    // phone-service.ts); as a problem too close to call, it is the problem, unless a person is asked
    // for in so many words. A rule, not training phrases: three added phrases moved held-out readings
    // (out-of-scope recall 94.6% -> 91.1%).
    const problemFirst = intent === 'troubleshoot' || (ambiguous && alternatives[0]?.intent === 'troubleshoot');
    // Not texts or calls from us ("i keep getting texts from you, stop it"): those are our marketing, an opt-out.
    if (!security && problemFirst && namesPhoneService(text) && named().length === 0 && !personRequestIn(text) && !this.fromUs.test(text)) {
      if (ambiguous) settle('troubleshoot', LOCKED_OUT_CONFIDENCE);
      device = 'phone';
    }
    // "nobody can hear me when i call" (a person to the model, for "call"): a call's sound gone wrong
    // is the phone's problem, not a request for a call back.
    if (!security && intent === 'human' && namesPhoneService(text) && CALL_FAULT.test(text) && named().length === 0 && !personRequestIn(text)) {
      settle('troubleshoot', LOCKED_OUT_CONFIDENCE);
      device = 'phone';
    }
    // "i'm getting tons of spam" (out of scope, 0.70: spam is food in the out-of-scope lines), "i get so
    // many spam calls" (a person): spam that arrives is the mailbox's problem, or the phone's with calls
    // or texts named. Not ours to stop ("stop spamming me", "spam from you": an opt-out). A rule, not
    // training phrases, as for being locked out above.
    if (!security && SPAM_ARRIVES.test(text) && !this.spamFromUs.test(text) && (intent !== 'troubleshoot' || ambiguous) && !personRequestIn(text)) {
      settle('troubleshoot', LOCKED_OUT_CONFIDENCE);
      device = problemDevice();
      if (device === 'none') device = SPAM_BY_PHONE.test(text) ? 'phone' : 'email';
    }
    // "what happens now", "so what happens next": the model knows "what happens" from "what happens
    // to my data" and read these as a privacy question. Asked alone they ask what to do next: help.
    // A rule, not training phrases: two added phrases moved a dozen held-out readings.
    if (WHAT_NEXT.test(text)) {
      intent = 'help';
      confidence = Math.max(scoreOf('help'), ROUTER_THRESHOLDS.minConfidence);
      ambiguous = false;
    }
    // "refund for my single incident": words the model never saw ("single", "incident") leave it
    // out of scope, though a refund is named in so many words.
    if (intent === 'out_of_scope' && !security && BILLING_WORDS.test(text)) {
      intent = 'billing';
      confidence = Math.max(scoreOf('billing'), ROUTER_THRESHOLDS.minConfidence);
    }
    // "actually can i get a refund instead": "actually" and "instead" are the words of a switch to a
    // person in the training data (human at 0.52 against billing at 0.39, too close to call). A bill
    // named in so many words, with no person asked for nor a way to reach one, is the bill. Sure
    // enough to leave a troubleshooting step for, as other switches do. A rule, not training
    // phrases: those moved unrelated readings.
    const [firstReading, secondReading] = alternatives;
    const readAsPerson = intent === 'human' || (ambiguous && [firstReading?.intent, secondReading?.intent].includes('human') && [firstReading?.intent, secondReading?.intent].includes('billing'));
    if (!security && readAsPerson && BILLING_WORDS.test(text) && !REACHES_A_PERSON.test(text) && !personRequestIn(text) && !personQuestionIn(text)) {
      settle('billing', BILL_NAMED_CONFIDENCE);
    }
    // "can i cancel anytime?" (cancel against billing, too close to call), "cancel anytime?" (cancel
    // at 0.95, which stopped the step it was asked at): a question about the terms of cancelling,
    // which the billing dialog answers from the plans. A rule, as for the bill named above.
    if (!security && cancellationTermsAsked(text)) {
      settle('billing', BILL_NAMED_CONFIDENCE);
    }
    // "do i need to pay for this help?" (help at 0.87), "is this free?": what the help costs, which the
    // billing dialog answers from the plans. A rule: training lines for it lowered the held-out readings.
    if (!security && costOfHelpAsked(text)) {
      settle('billing', BILL_NAMED_CONFIDENCE);
    }
    // "is the annual plan worth it?" (out of scope, billing at 0.21): what a plan saves, as mid-billing.
    // Read in the corrected words: "is the anual plan worth it" was out of scope for its typo.
    if (!security && planValueAsked(words)) {
      settle('billing', BILL_NAMED_CONFIDENCE);
    }
    // "its a dell", "it's an hp laptop", "its a samsung": the user telling us their device, which the
    // model reads as a goodbye or as nothing it knows. Said alone, nothing but a device's name (not
    // asked about: "which laptop?"), it is about that device: the troubleshooting dialog asks which
    // of its guides fits. A maker of several kinds of device ("its an hp", "its a samsung") leaves
    // the device to the user: the dialog asks which of the maker's kinds it is.
    const told = !security && !isQuestion(text) && this.devices.namesOnly(analysis, { intent, security });
    let deviceAmong = told ? this.devices.makerOnly(analysis, { intent, security }) : undefined;
    // "my hp wont turn on", "my samsung keeps restarting": a problem of a maker's product, but which
    // of its kinds is a guess the problem's words must make surely ("my samsung wont charge" is a
    // phone, a TV does not charge); else the user is asked, as for "its an hp".
    // Headphones named are the maker's product: "my sony headphones keep cutting out" is no TV or phone.
    const maker = !told && !security && !ambiguous && intent === 'troubleshoot' && !HEADPHONES.test(text) ? this.makerKind(analysis, { intent, security }) : undefined;
    if (maker?.device) device = maker.device;
    deviceAmong ??= maker?.among;
    if (deviceAmong) device = 'none';
    // "my phone", "on my phone" (at "which of these guides?"): the phone, a contact word, which the
    // model reads as a change of the user's number. Only a device said, no word for details, is
    // the device. ("my email" stays: it is as often the address as the mailbox.)
    const asProblem = { intent: 'troubleshoot' as const, security };
    const phoneSaid = intent === 'data_correction' && !security && !isQuestion(text) && !DETAILS_WORDS.test(text) && this.devices.namesOnly(analysis, asProblem);
    const saidDevice = phoneSaid ? this.devices.detect(analysis, asProblem) : 'none';
    if (saidDevice !== 'none' && saidDevice !== 'email') {
      device = saidDevice;
      settle('troubleshoot', ROUTER_THRESHOLDS.minConfidence);
    }
    // "colours are wrong on my tv", "keyboard types the wrong letters": something wrong on a device,
    // which the model reads as correcting the user's details for "wrong". A device named that is no
    // contact word (the device of a correction), and no word for details, makes it the device's problem.
    if (intent === 'data_correction' && !security && device !== 'none' && /\bwrong\b/i.test(text) && !DETAILS_WORDS.test(text)) {
      settle('troubleshoot', ROUTER_THRESHOLDS.minConfidence);
    }
    if (told && (device !== 'none' || deviceAmong) && intent !== 'troubleshoot') {
      settle('troubleshoot', ROUTER_THRESHOLDS.minConfidence);
    }
    if (faultOfDevice || headphonesFault || deviceNotReached) {
      intent = 'troubleshoot';
      confidence = Math.max(scoreOf('troubleshoot'), ROUTER_THRESHOLDS.minConfidence);
      device = this.devices.detect(analysis, { intent, security });
      // "bsod on my pc" (remote access or a person, to the model): a fault named on the device is
      // the problem, not a choice between the model's readings. A person asked for in words is read below.
      if (ambiguous && FAULT_WORDS.test(text)) {
        ambiguous = false;
        leadWithReading();
      }
    }
    // "do you fix iphones" (out of scope, 0.82), "do you fix phones" (a privacy question): whether we
    // help with a device, which its guides answer. Not a person, remote access, the user's details or
    // a bill asked about in words. A rule, not training phrases, as for being locked out above.
    if (!security && asksWhetherWeFix(text) && problemDevice() !== 'none' && !personRequestIn(text) && !REMOTE_WORDS.test(text) && !DETAILS_WORDS.test(text) && !BILLING_WORDS.test(text)) {
      settle('troubleshoot', LOCKED_OUT_CONFIDENCE);
      device = problemDevice();
    }
    // "i need a technician my laptop wont turn on": the laptop's words outweigh the request in the
    // model, which reads a device problem (or asks which of the two is meant). A person asked for in
    // so many words is what the user wants; the device stays the problem's, for the technician.
    const personAsked = !security && (intent === 'troubleshoot' || intent === 'human') && (!ambiguous || alternatives.slice(0, 2).every((a) => PROBLEM_OR_PERSON.has(a.intent)));
    // "is there someone who can fix my laptop", "do you have staff who can fix a laptop": the model
    // reads these as a person, a problem or nothing, by their other words. A user who asks whether a
    // person can help usually wants one: a request for a person, about the problem's device (the
    // main dialog says yes and offers a guide too when a device is named). Not a question about a
    // bill or their data: those have their own staff and dialogs.
    // Asked alone ("do you have technicians?", privacy_info at 0.65), the question is all the model read.
    const asked = security ? undefined : personQuestionIn(text);
    // "is there someone who can help with my bill" (human at 0.53: the person words outweigh the
    // bill): a bill, refund or plan has its own staff, the billing team, whom the billing dialog
    // reaches with the request's facts. What the person would do is read alone: "my bill", billing.
    const about = asked && BILLING_STAFF_QUESTION_FROM.has(intent) ? personQuestionAbout(text) : undefined;
    const aboutAnalysis = about === undefined ? undefined : this.analyzer.analyze(about);
    // "do you have technicians?" is about nothing: the question alone, read below.
    const [aboutTop] = aboutAnalysis && aboutAnalysis.content > 0 ? this.intents.predict(aboutAnalysis.features) : [];
    if (aboutTop?.intent === 'billing' && aboutTop.p >= ROUTER_THRESHOLDS.minConfidence) {
      intent = 'billing';
      confidence = Math.max(scoreOf('billing'), aboutTop.p);
      leadWithReading();
      return {
        text,
        intent,
        device: this.devices.detect(analysis, { intent, security }),
        confidence: round(confidence),
        alternatives,
        ambiguous: false,
        security,
        symptoms: [...analysis.symptoms],
      };
    }
    const onlyQuestion = asked !== undefined && this.analyzer.analyze(typedPlainly(text).replace(asked, ' ')).content === 0;
    const question = asked && (onlyQuestion || (PERSON_QUESTION_FROM.has(intent) && (!ambiguous || alternatives.slice(0, 2).every((a) => PERSON_QUESTION_FROM.has(a.intent))))) ? asked : undefined;
    const request = (personAsked ? personRequestIn(text) : undefined) ?? question;
    if (request) {
      // "my email wont send, id like to speak to someone" (human, or the problem?): the email is the
      // problem's device, not the user's address, as it would be in a request for a person alone.
      if (ambiguous || question) device = this.devices.detect(analysis, { intent: 'troubleshoot', security });
      if (intent !== 'human') {
        // How sure the model is of the request's own words, not of the problem around them.
        const alone = this.intents.predict(this.analyzer.analyze(request).features).find((s) => s.intent === 'human')?.p ?? 0;
        confidence = Math.max(scoreOf('human'), alone);
        intent = 'human';
      }
      // The model knows "is there anyone who can" hardly at all (0.06): the question's form is what
      // says a person is wanted, sure enough to interrupt an open question but not a data answer.
      if (question) confidence = Math.max(confidence, PERSON_QUESTION_CONFIDENCE);
      ambiguous = false;
      leadWithReading();
    }
    return {
      text,
      intent,
      device,
      confidence: round(confidence),
      alternatives,
      ambiguous,
      security,
      symptoms: [...analysis.symptoms],
      ...(deviceAmong ? { deviceAmong } : {}),
    };
  }

  /** A device named as where something is ("on my phone", "my laptop"), not a phone number or an address. */
  private deviceNamed(analysis: Analysis): boolean {
    return this.devices.named(analysis, { intent: 'troubleshoot', security: false }).some(
      (hit) => !hit.contact || ['on', 'in', 'from'].includes(analysis.canonical[hit.at - 1] === 'my' ? analysis.canonical[hit.at - 2] : analysis.canonical[hit.at - 1]),
    );
  }

  /**
   * Of a problem told of a maker's product with no product named (see classify): the maker's kind
   * the problem's words surely say, or else the kinds to ask among. Undefined for any other message.
   */
  private makerKind(analysis: Analysis, context: DeviceContext): { device?: Exclude<Device, 'none'>; among?: Exclude<Device, 'none'>[] } | undefined {
    const makers = this.devices.makersWithoutProduct(analysis, context);
    if (!makers) return undefined;
    const rest = this.analyzer.analyze(makers.rest);
    const implied = this.devices.implied(rest);
    // "samsung wont charge": a phone at only 0.59 of every device ("my samsung wont charge" at 0.88),
    // but of a Samsung's kinds nearly all of it, a TV never charging.
    const among = this.devices.impliedAmong(rest, makers.kinds);
    const sure = makers.kinds.find((k) => k === implied.device && (implied.p >= MAKER_KIND_SURE || (among.device === k && among.share >= MAKER_KIND_ALONE)));
    if (sure) return { device: sure };
    // "lenovo battery not charging": a laptop's or a phone's, the words split them evenly, and a
    // Lenovo is mostly a laptop. Only when the words leave it close: "lenovo wont charge" is asked.
    if (makers.mostly && (among.shares.get(makers.mostly) ?? 0) >= MOSTLY_CLOSE) return { device: makers.mostly };
    return { among: makers.kinds };
  }
}

// How sure the problem's words alone must be of one of a maker's kinds to take it without asking:
// "wont charge" is a phone at 0.88, "keeps restarting" at 0.60 (a TV restarts too).
const MAKER_KIND_SURE = 0.8;
// Or the share of the maker's kinds the words leave to the likeliest, when it is also the likeliest of
// all devices: "wont charge" leaves a Samsung's TV 0.6%; "wont turn on" a HP's printer 3%, which is
// asked about (a printer turns on too), as "has no sound" leaves a Samsung's phone 12%.
const MAKER_KIND_ALONE = 0.99;
// The share of a maker's kinds the words must leave the kind it mostly makes for that to be taken
// (see makers in content/nlu/devices.yaml): words at 60 to 40 against it are too close to call.
const MOSTLY_CLOSE = 0.4;

// Not the chat window itself ("remove the chat widget from my site").
const DELETES_THIS_CHAT = /\b(?:delete|erase|wipe|remove|clear|get rid of)\b.{0,20}\b(?:this|the|our|current) (?:chat|conversation|convo)\b(?! ?(?:widget|window|box|app|button|icon|bubble|feature))/i;
// Sure enough to be acted on when no question is open; at an open question the dialogs still ask first.
const THIS_CHAT_DELETION_CONFIDENCE = 0.9;
// As sure as the deletion of this chat: a status question is answered, whatever the model read.
const STATUS_QUESTION_CONFIDENCE = 0.9;
/** "what happens now", "so what's next" asked alone: what to do next. */
export const WHAT_NEXT = /^\W*(?:(?:so|ok|okay|and|then|alright|right)\W+)?(?:what happens (?:now|next)|what(?:'s|’s| is|s)? next|now what)\W*$/i;
// A bill named in so many words.
// "switch me to annual": a plan named after a switch of the user's, which the model read as out of
// scope (one training phrase for it moved a held-out out-of-scope reading).
const BILLING_WORDS = /\b(?:refunds?|refunded|money back|charged|overcharged|invoices?|billing|my bill|(?:switch|move|put|change|upgrade|downgrade)\s+me\s+(?:over\s+)?(?:to|on|onto)\s+(?:the\s+|an?\s+)?(?:annual|yearly|monthly|single[\s-]incident)\b)\b/i;
// A bill named with no person asked for (see classify): at least the dialogs' SURE_CONFIDENCE (0.6), below their UNMISTAKABLE (0.85).
const BILL_NAMED_CONFIDENCE = 0.7;
// An account locked or the user locked out of it: a sign-in fault (see classify).
const LOCKED_OUT = /\b(?:locked\s+(?:me\s+)?out|lock(?:ed|s)?\s+me\s+out|(?:account|login|profile)\s+(?:is\s+|was\s+|got\s+|has\s+been\s+|been\s+)?(?:locked|blocked|suspended|disabled))\b/i;
const PRIVACY_REQUEST_INTENTS: ReadonlySet<Intent> = new Set<Intent>(['data_correction', 'data_access', 'data_deletion']);
// As sure as a bill named: acted on with no question open.
const LOCKED_OUT_CONFIDENCE = 0.7;
// A kind of contact refused in so many words: as sure as a bill named, so it is acted on with no question open.
const NO_MORE_CONTACT_CONFIDENCE = 0.7;
// A phone's own: its calls, texts, voicemail and mobile data (see classify).
// What goes wrong with a call's sound or line: "cant hear", "keeps cutting out", "drops", "echo".
const CALL_FAULT = /\bhear\b|\bdrop(?:s|ped|ping)?\b|\bcut(?:s|ting)? (?:out|off)\b|\bechos?\b|\becho(?:es|ing)\b|\bstatic\b|\bmuffled\b|\bcrackl\w*/i;
const PHONES_OWN = /\b(?:calls|phone calls?|texts|text messages?|sms|mms|imessages?|voicemails?|mobile data|cellular data|data (?:is |was )?(?:full|used up|all used)|(?:ran|run|running) out of (?:mobile )?data)\b/i;
const MOBILE_DATA = /\b(?:mobile|cellular|cell) data\b|\bdata (?:is |was )?(?:full|used up|all used)\b|\b(?:ran|run|running) out of (?:mobile )?data\b/i;
// What is mostly a phone's when no device is named: "how do i delete old photos", "my contacts are gone".
const PHONE_MOST_LIKELY = /\b(?:photos|pictures|pics|videos|apps|notifications|contacts|address book)\b/i;
// An opt-out or deletion not asked for in words: below the dialogs' SURE_CONFIDENCE (0.6), so they ask before acting.
const UNASKED_CONFIDENCE = 0.5;
// This chat not to be kept, as sure as "dont record this chat" to the model (0.97): above the dialogs' UNMISTAKABLE (0.85).
const NOT_KEPT_CONFIDENCE = 0.9;
// A way to reach a person: "can someone call me about my refund" asks for one.
const REACHES_A_PERSON = /\b(?:talk|speak|call|ring|phone|callback|escalate|transfer|human|person|someone|somebody|anyone|agent|technician|representative|manager|supervisor)\b/i;
// The hand-held remote control: "the remote", "my tv remote", "the remote one", "remote batteries".
// "which remote? i have 3": a choice between remotes, or several of them, is of hand-held ones;
// nobody has a few remote accesses.
const HAND_REMOTE = /\b(?:the|my|our|this|that|tv|television|fire ?stick|fire tv|roku|apple tv|sky|cable box|universal|streaming|new|spare|which|what|wich|whose)\s+remotes?\b|\bremotes\b|\bremotes?\s+(?:one|batter(?:y|ies)|buttons?|is|isnt|isn't|wont|won't|doesnt|doesn't|not|stopped|died|dead|broke|broken)\b/i;
// What a correction of the user's details names: "my phone number is wrong", "update my email address".
const DETAILS_WORDS = /\b(?:address|name|number|details|info|information|record|records|on file|spelling|spelt|spelled|typo|update|change|changed|correct|correction)\b/i;
// Remote access asked for in so many words, or its end: these stay remote access.
const REMOTE_REQUEST = /\bremote(?:ly)?\s+(?:access|session|in|into|on|desktop|support|assistance|help|connection|log ?in|fix|look)\b|\bremote control (?:of|over) my\b|\b(?:stop|end|revoke|withdraw|cancel|terminate|disconnect|kill|quit)\b|\b(?:take over|control|see|share) my (?:screen|computer|pc|laptop|mac)\b|\bteamviewer|any ?desk|quick ?assist|\b(?:software|app|program|tool)\b/i;
// "ignores me" too: a speaker deaf to its wake word ("my smart speaker ignores me" was out of scope),
// and one that "never understands" what it hears. "blurry" or "out of focus": a camera's picture.
const FAULT_WORDS = /\b(?:never understands|(?:doesn'?t|does not) understand|mishears|misunderstands|blurry|blurred|fuzzy|out of focus|(?:won'?t|doesn'?t|not) focus(?:ing)?|broken|broke|not working|isn'?t working|doesn'?t work|does not work|won'?t|wont|stopped|dead|faulty|cracked|keeps|can'?t|cannot|cant|error|fail(?:s|ed|ing)?|crash(?:es|ed|ing)?|(?:restart|reboot)(?:s|ing)? (?:over and over|again and again|by itself|on its own|all the time|constantly|randomly)|boot ?loop|freez(?:es|ing)|frozen|slow|bad|sucks|rubbish|terrible|awful|useless|dodgy|down|bricked|trippin|tripping|acting up|playing up|messed up|(?:acting|behaving|being) (?:weird|weirdly|strange|strangely|funny|odd|oddly)|problems?|issues?|trouble|silent|no sound|no picture|laggy|lagging|lags|sluggish|overheat\w*|too hot|loud|noisy|heat(?:s|ing)? up|(?:gets?|getting|runs?|running|is|so|very|really) hot|glitch\w*|flicker\w*|full|blue screen|bsod|stop (?:code|error)s?|black screen|offline|jam(?:med|s|ming)?|no signal|no internet|without (?:any )?(?:internet|wi-?fi|signal|service|a connection|connection)|red lights?|lights? (?:is |are )?(?:all )?red|ignor(?:es|ing))\b/i;

// The readings the word "record" gives our transcript, and the words that make it ours.
const RECORDING_INTENTS = new Set<Intent>(['opt_out', 'data_access', 'data_deletion', 'privacy_info']);
const DEVICE_RECORDS = /\brecord(?:s|ed|ing|ings)?\b/i;
const OUR_RECORDING = /\b(?:chats?|conversations?|transcripts?|messages?|calls?|me|us|you|i|this|data|details|info|everything|say|said|voice|listen\w*)\b/i;

// Headphones and earbuds by kind and make (see headphonesFault), and sound from one side only.
const HEADPHONE_WORDS = ['airpods', 'earbuds', 'earphones', 'headphones'];
const HEADPHONES = /\b(?:air ?pods?|ear ?buds?|earphones?|head ?phones?|galaxy buds|pixel buds|beats)\b/i;
const ONE_SIDE = /\b(?:only|just) (?:one|the left|the right|my left|my right|left|right)\b|\bone (?:ear|side)\b/i;
// A device that stops part-way (see faultOfDevice).
const STOPS = /\bstops\b/i;
// Setting a device up (see faultOfDevice).
const SETS_UP = /\b(?:set(?:ting)?[\s-]?up|setup|configur(?:e|ing)|hook(?:ing)? up)\b/i;
// A code sent to sign in, and its not arriving (see classify).
const SIGN_IN_CODE = /\b(?:verification|security|sign[- ]?in|log ?in|login|one[- ]time|2fa|two[- ]factor|2[- ]step|confirmation|authentication)\s+codes?\b/i;
const NOT_ARRIVING = /\b(?:never|not|isnt|isn't|doesnt|doesn't|dont|don't|wont|won't|didnt|didn't|hasnt|hasn't|havent|haven't|no)\b.{0,30}\b(?:arriv\w*|comes?|coming|came|gets?|getting|got|receiv\w*|show(?:s|ing)? up|through)\b/i;
// Mail that vanished or came back (see classify).
const MAIL_GONE = /\b(?:vanish(?:ed|es|ing)?|disappear(?:ed|s|ing)?|bounc(?:e|es|ed|ing)|undeliver\w*)\b/i;
// Spam or junk arriving (see classify): "getting tons of spam", "so many spam calls", "inbox full of junk".
const SPAM_ARRIVES = /\b(?:get|gets|getting|got|receiv\w*|flooded|full|tons|lots|loads|so much|so many|too much|too many|keeps?|constant\w*)\b.*\b(?:spam\w*|junk)\b/i;
/**
 * Our own messages, which an opt-out stops: "stop spamming me", "spam from you", "spam from your
 * newsletter", or from the company by the first word of its name, as users shorten it ("spam from
 * brightside" for Brightside Tech Support).
 */
function spamFromUs(company?: string): RegExp {
  return new RegExp(String.raw`\b(?:stop|unsubscribe|opt(?:ing)? out)\b|\bfrom (?:${ourNames(company)}|your)\b`, 'i');
}
const SPAM_BY_PHONE = /\b(?:calls?|calling|callers?|texts?|texting|sms|messages?|robocalls?)\b/i;
// A connection's speed below what the user pays for (see classify).
const SPEED_NAMED = /\b(?:speeds?|mbps|megabits?)\b/i;
const SPEED_SHORT = /\b(?:lower|slower|less|worse|below|way off|nowhere near|not (?:getting|close to|near))\b.*\bpa(?:y|ying|id)\b/i;
// Pop-ups on a screen (see classify).
const POP_UPS = /\bpop[- ]?ups?\b|\bpopping up\b/i;

// Pop-ups as a thing on screen, not "it will pop up" (see classify).
const POP_UP_NOUN = /\bpop[- ]?ups\b|\bpopups?\b|\bpop-up\b|\b(?:a|the|this|that|another|getting|get|got) pop up\b/i;
// POP, the way of fetching mail: "pop3", "pop settings", "pop server".
const POP_MAIL = /\bpop ?3\b|\bpop (?:servers?|settings?|accounts?|mail|email|ports?|protocol)\b|\bpop ?\/ ?imap\b|\bimap\b|\bsmtp\b/i;
// A device infected (see classify); "antivirus" is no infection.
const INFECTED = /\b(?:virus(?:es)?|infected|infection|malware|spyware|adware|trojan)\b/i;

// A device that stopped for good: "died", "is dead", "has died".
const DIED = /\b(?:died|dead)\b/i;

/**
 * Whether the message names a bill, a refund, a plan's cost or cancelling in so many words: a word
 * such as "monthly" or "twice" reads as billing to the model, and may be an answer to something else.
 */
export function namesABill(text: string): boolean {
  return BILLING_WORDS.test(text) || BILL_TOPIC_WORDS.test(text);
}
const BILL_TOPIC_WORDS = /\b(?:cancel\w*|subscriptions?|plans?|prices?|pricing|costs?|payments?|pay|fees?)\b/i;

/** Whether the message names something wrong ("won't charge", "keeps dropping", "slow", "no internet"), not only a device. */
export function namesAFault(text: string): boolean {
  return FAULT_WORDS.test(text);
}
// "connect to the wifi" is the device's own connection: "my iphone wont connect to wifi but my laptop
// does" was asked whether remote access to the laptop was meant.
const REMOTE_WORDS = /\b(?:remote(?:ly)?|access|control|take over|takeover|connect (?:to|into)(?! (?:the |my |our |a |any )?(?:wi-?fi|wireless|internet|network|router|modem|broadband|hotspot|bluetooth)\b)|get into|dial (?:in|into)|(?:jump|hop|log|remote) on(?:to)?|log ?in(?:to)?|teamviewer|any ?desk|quick ?assist|screen ?shar\w*|share (?:my|the) screen|see my screen)\b/i;

// A device problem and a request for a person: the two readings a person asked for settles.
const PROBLEM_OR_PERSON = new Set<Intent>(['troubleshoot', 'human']);

// What the model may make of a question whether someone can help: a problem, a person, nothing, or
// what the bot can do ("is there anybody who can help").
const PERSON_QUESTION_FROM = new Set<Intent>(['troubleshoot', 'human', 'out_of_scope', 'help']);

// What the model may make of a question whether someone can help with a bill: the readings of a
// question whether someone can help, billing, or privacy_info ("is there anyone who can help with
// my plan" at 0.58, as "do you have technicians?" is at 0.65).
const BILLING_STAFF_QUESTION_FROM = new Set<Intent>([...PERSON_QUESTION_FROM, 'billing', 'privacy_info']);

// Hello, thanks, "help" or "never mind" next to a request are conversation, not a second request.
const CONVERSATIONAL_INTENTS = new Set<Intent>(['greeting', 'goodbye', 'help', 'cancel']);

function round(p: number): number {
  return Math.round(Math.min(1, Math.max(0, p)) * 1000) / 1000;
}

// The CLI imports both from here; the implementation lives in its own file.
export { classifyLines } from './classify-lines';
