import { DEVICES, INTENTS } from '../../../src/services/nlu/labels';
import { STOPWORDS } from '../../../src/services/nlu/normalize';
import { classifyLines, Router } from '../../../src/services/nlu/router';

let router: Router;
beforeAll(async () => {
  router = await Router.load();
});

describe('Router labels', () => {
  it.each(['my printer is jammed', 'hi', 'delete everything', 'zzqx', ''])('returns contract labels for %j', (text) => {
    const result = router.classify(text);
    expect(INTENTS).toContain(result.intent);
    expect(DEVICES).toContain(result.device);
    expect(result.confidence).toBeGreaterThanOrEqual(0);
    expect(result.confidence).toBeLessThanOrEqual(1);
    expect(result.text).toBe(text);
    for (const alt of result.alternatives) expect(alt.intent).not.toBe('out_of_scope');
  });

  it.each([
    ['refund', 'billing'],
    ['agent', 'human'],
    ['help', 'help'],
    ['cancel', 'cancel'],
    ['hi', 'greeting'],
    ['unsubscribe me', 'opt_out'],
    ['forget me please', 'data_deletion'],
    ['erase this conversation', 'data_deletion'],
    ['can you wipe this chat', 'data_deletion'],
    ['forget it then', 'cancel'],
    ['cancel my plan', 'billing'],
  ] as const)('understands the bare fragment %j as %s, without asking', (text, intent) => {
    const result = router.classify(text);
    expect(result.intent).toBe(intent);
    expect(result.ambiguous).toBe(false);
    expect(result.confidence).toBeGreaterThan(0.5);
  });
});

describe('typos and spelling', () => {
  it('is sure of a deletion of this chat in so many words, but not of the chat window ("remove the chat widget")', () => {
    for (const text of ['erase this conversation', 'delete this conversation please', 'clear the chat']) {
      expect([text, router.classify(text).intent, router.classify(text).confidence]).toEqual([text, 'data_deletion', expect.any(Number)]);
      expect(router.classify(text).confidence).toBeGreaterThanOrEqual(0.9);
    }
    expect(router.classify('remove the chat widget from my site').confidence).toBeLessThan(0.9);
  });

  it('reads "pritner wont print" as a printer problem', () => {
    const result = router.classify('pritner wont print');
    expect(result).toMatchObject({ intent: 'troubleshoot', device: 'printer' });
    expect(result.symptoms).toEqual(expect.arrayContaining(['printer', 'print']));
  });

  it('gives symptoms lower-cased and corrected, without filler words', () => {
    const result = router.classify('My PRITNER is making a grindng noise');
    expect(result.symptoms).toEqual(expect.arrayContaining(['printer', 'making', 'noise']));
    expect(result.symptoms).not.toContain('my');
    expect(result.symptoms.every((s) => s === s.toLowerCase())).toBe(true);
  });

  it('treats British and American spellings alike', () => {
    const uk = router.classify('printer wont print in colour');
    const us = router.classify('printer wont print in color');
    expect(uk.intent).toBe(us.intent);
    expect(uk.device).toBe('printer');
    expect(router.classify('usb stick not recognised on my laptop').device).toBe('computer');
  });

  it('corrects a typo whose nearest training word is itself a misspelling', () => {
    const result = router.classify('priner is offline');
    expect(result.device).toBe('printer');
    expect(result.symptoms).toContain('printer');
  });

  it('understands a new form of a known word through its stem', () => {
    // Training has "refund" and "refund me", never "refunded".
    expect(router.classify('refunded').intent).toBe('billing');
    expect(router.classify('unsubscribing from your emails').intent).toBe('opt_out');
  });

  it('does not "correct" short unrelated words into domain words', () => {
    expect(router.classify('qwertyuiop zxcvb').intent).toBe('out_of_scope');
  });
});

describe('out of scope', () => {
  it.each(['which printer should I buy', 'tell me a joke about computers', 'asdf', "what's the weather in leeds tomorrow", 'who won the rugby', 'how do I make a lasagne'])(
    '%j is out of scope',
    (text) => {
      const result = router.classify(text);
      expect(result.intent).toBe('out_of_scope');
      expect(result.ambiguous).toBe(false);
    },
  );

  it('still offers the closest in-scope intents as alternatives', () => {
    const result = router.classify('blorp fizzwank');
    expect(result.intent).toBe('out_of_scope');
    expect(result.alternatives.length).toBeGreaterThan(0);
  });
});

describe('ambiguity', () => {
  it('asks between two intents when a message asks for both', () => {
    const result = router.classify('refund and delete my data');
    expect(result.ambiguous).toBe(true);
    expect(result.alternatives.slice(0, 2).map((a) => a.intent).sort()).toEqual(['billing', 'data_deletion']);
  });

  it('offers both when two requests share one message', () => {
    const result = router.classify('cancel my subscription and delete my account');
    expect(result.ambiguous).toBe(true);
    expect(result.alternatives[0].intent).toBe(result.intent);
    expect(result.alternatives.slice(0, 2).map((a) => a.intent).sort()).toEqual(['billing', 'data_deletion']);
  });

  it.each(['i was charged twice for my subscription', 'hi, my printer is broken', 'thanks and bye', 'printer jammed and wont print'])(
    '%j is one request, so it does not ask',
    (text) => {
      expect(router.classify(text).ambiguous).toBe(false);
    },
  );
});

describe('devices', () => {
  it.each([
    ["my echo won't connect to wifi", 'smart_speaker'],
    ['wifi drops on all my devices', 'network'],
    ['outlook on my laptop crashes', 'email'],
    ['cant print from my ipad', 'printer'],
    ['my apple tv has no sound', 'tv'],
    // Named only in canonical form ("tele" is shorthand for "tv"), in an intent that never guesses a device.
    ['a bill for my tele', 'tv'],
    ['my samsung phone keeps restarting', 'phone'],
    ['my laptop is so slow', 'computer'],
    ['paper keeps jamming', 'printer'],
    ['it keeps crashing', 'none'],
    ['my phone wont sync with my laptop', 'phone'],
    ['my laptop cant see my phone', 'computer'],
  ] as const)('%j is about %s', (text, device) => {
    expect(router.classify(text).device).toBe(device);
  });

  // The printer, named last but preferred when several devices are named, was the device of "its the laptop not the printer".
  it.each([
    ['no wait its the laptop not the printer', 'computer'],
    ['its not the tv its my phone', 'phone'],
    ['not my printer again, it says offline', 'printer'],
    ['my laptop is not printing', 'printer'],
    // Said to be fine: the printer was the device, and the printer's Wi-Fi setup guide began.
    ['my printer is fine but my laptop cant connect to the wifi', 'computer'],
    ['my laptop works but my printer wont print', 'printer'],
    ['my phone is working fine but the echo keeps dropping wifi', 'smart_speaker'],
    ['my laptop is not working', 'computer'],
  ] as const)('%j: a device said not to be the one does not count while another is named: %s', (text, device) => {
    expect(router.classify(text).device).toBe(device);
  });

  it.each([
    ['i could not get a person on the phone, my router is dead', 'network'],
    ['i was on the phone with my isp for an hour and my wifi still drops', 'network'],
    ['spent ages on the phone, still no internet', 'network'],
    ['i tried calling on the phone but nobody answered, my laptop wont boot', 'computer'],
    ['i called you on my phone and my laptop still wont boot', 'computer'],
    ['i sent a message by email and my tv still has no signal', 'tv'],
  ] as const)('%j: the phone or email is how they reached someone, the problem is the %s', (text, device) => {
    expect(router.classify(text).device).toBe(device);
  });

  it.each([
    'my phone wont charge',
    'phone keeps dropping wifi',
    'wifi is bad on my phone',
    'wifi calling doesnt work on my phone',
    'can someone fix the wifi on my phone',
    // The phone is the only device named: a call made on it does not make it any less the subject.
    'i called you on my phone and it still wont charge',
  ])('%j is about the phone', (text) => {
    expect(router.classify(text).device).toBe('phone');
  });

  // "my phone died" was a change of the user's phone number, "my ipad died" chat the bot can't help with.
  it.each([
    ['my phone died', 'phone'],
    ['my ipad died', 'phone'],
    ['my tablet died', 'phone'],
    ['my mobile died', 'phone'],
    ['my tv died', 'tv'],
  ] as const)('%j is a problem with the %s', (text, device) => {
    expect(router.classify(text)).toMatchObject({ intent: 'troubleshoot', device, ambiguous: false });
  });

  // "on my phone" (at a pick between email guides) asked "Correct my details?": the phone, a
  // contact word, read as a change of the user's number. Details named stay a correction.
  // They were "not something I can help with": "without" is no word for a fault to the model.
  it.each(['im without internet', 'been without internet all day', 'we are without wifi again'])('%j is a network problem', (text) => {
    expect(router.classify(text)).toMatchObject({ intent: 'troubleshoot', device: 'network' });
  });

  it.each(['my phone', 'on my phone', 'from my phone', 'my mobile'])('%j alone is the phone', (text) => {
    expect(router.classify(text)).toMatchObject({ intent: 'troubleshoot', device: 'phone', ambiguous: false });
  });
  it.each(['my phone number', 'update my phone', 'my email'])('%j stays a correction of details', (text) => {
    expect(router.classify(text).intent).toBe('data_correction');
  });

  // "my account is locked" opened a correction request (0.63 for the word "account"); a lock-out is a sign-in fault.
  it.each(['my account is locked', 'im locked out of my account', 'my account got locked', 'locked out of my account again'])('%j is a sign-in fault', (text) => {
    expect(router.classify(text)).toMatchObject({ intent: 'troubleshoot', ambiguous: false });
  });
  it.each([
    ['my account is locked and my address is wrong', 'data_correction'],
    ['delete my account', 'data_deletion'],
    ['my account got locked can i talk to someone', 'human'],
  ])('%j stays %s', (text, intent) => {
    expect(router.classify(text).intent).toBe(intent);
  });

  // "i lost the phone my codes go to" was out of scope, and "lost my phone, cant get my verification codes"
  // the phone's fault (its battery and storage guides): the phone is how the user signs in to an account.
  it.each([
    ['i lost the phone my codes go to', 'none'],
    ['lost my phone, cant get my verification codes', 'none'],
    ['i lost my recovery phone', 'none'],
    ['cant get codes, phone was stolen', 'none'],
    ['lost my phone and cant log into my email', 'email'],
  ])('%j is signing in to an account, device %s', (text, device) => {
    expect(router.classify(text)).toMatchObject({ intent: 'troubleshoot', device, ambiguous: false });
  });
  it.each(['my phone is broken', 'i dropped my phone and the screen is broken', 'my phone wont turn on'])('%j stays the phone', (text) => {
    expect(router.classify(text)).toMatchObject({ intent: 'troubleshoot', device: 'phone' });
  });

  // "i spilled coffee on my laptop" asked "a person or remote access?"; damage to a device is its problem.
  it.each([
    ['i spilled coffee on my laptop', 'computer'],
    ['water damage on my ipad', 'phone'],
    ['my phone fell in water', 'phone'],
  ] as const)('%j is a problem with the %s', (text, device) => {
    expect(router.classify(text)).toMatchObject({ intent: 'troubleshoot', device, ambiguous: false });
  });
  // "i smell burning from the router" was out of scope, "something is smoking" too: a fire or
  // electrical hazard is a device problem, with or without a device named.
  it.each([
    ['i smell burning from the router', 'network'],
    ['my laptop battery is swollen', 'computer'],
    ['my tv made a pop and now smells like burning', 'tv'],
    ['my kid got a shock from the laptop charger', 'computer'],
    ['something is smoking', 'none'],
  ] as const)('%j is a problem with the %s', (text, device) => {
    expect(router.classify(text)).toMatchObject({ intent: 'troubleshoot', device, ambiguous: false });
  });
  // Out of scope ("not something I can help with"): a danger asked about goes to the troubleshooting dialog's safety answer.
  it.each([
    ['is it safe to leave my router on all night', 'network'],
    ['can a swollen battery explode?', 'none'],
    ['could my charger start a fire', 'none'],
  ] as const)('%j is for the troubleshooting dialog, about the %s', (text, device) => {
    expect(router.classify(text)).toMatchObject({ intent: 'troubleshoot', device, ambiguous: false });
  });
  it('damage with a person asked for in words is a request for a person about the device', () => {
    expect(router.classify('i spilled water on my laptop can i talk to someone')).toMatchObject({ intent: 'human', device: 'computer' });
  });

  // "do you have my details" asked "correct my details or see them?", "do you have my email address" was a correction.
  it.each(['do you have my details', 'do you have my email address', 'have you got my details on file', 'do you have my phone number?'])('%j asks to see what is held', (text) => {
    expect(router.classify(text)).toMatchObject({ intent: 'data_access', ambiguous: false });
  });
  it.each([['do you have my details wrong', 'data_correction'], ['do you keep my info', 'privacy_info']])('%j stays %s', (text, intent) => {
    expect(router.classify(text).intent).toBe(intent);
  });

  // Right after "stop emailing me", "and no phone calls either" was read as asking for a technician's call.
  it.each(['and no phone calls either', 'no more texts please', 'no txts either', 'ok and no calls'])('%j refuses a kind of contact: an opt-out sure enough to act on', (text) => {
    expect(router.classify(text)).toMatchObject({ intent: 'opt_out', device: 'none', ambiguous: false });
    expect(router.classify(text).confidence).toBeGreaterThanOrEqual(0.6);
  });
  // "and texts too" was out of scope (0.74), "and calls as well" a person (0.44).
  it.each(['and texts too', 'and calls as well', 'also the texts too please', 'and phone calls too'])('%j adds a kind of contact: an opt-out sure enough to act on', (text) => {
    expect(router.classify(text)).toMatchObject({ intent: 'opt_out', device: 'none', ambiguous: false });
    expect(router.classify(text).confidence).toBeGreaterThanOrEqual(0.6);
  });
  it.each([['texts too', 'opt_out'], ['and my laptop too', 'opt_out']])('%j is no opt-out', (text, intent) => {
    expect(router.classify(text).intent).not.toBe(intent);
  });
  it.each([['no calls on my phone since yesterday', 'troubleshoot'], ['no emails coming in', 'troubleshoot'], ['call me please', 'human']])('%j stays %s', (text, intent) => {
    expect(router.classify(text).intent).toBe(intent);
  });

  // "sons" was corrected to "sonos": the son's iPad was a Sonos speaker.
  it.each([
    ['my sons ipad wont charge', 'phone'],
    ["my wifi password is not working on my son's laptop", 'computer'],
    ['sonso keeps dropping', 'smart_speaker'],
  ] as const)('%j is about the %s', (text, device) => {
    expect(router.classify(text).device).toBe(device);
  });

  // "my laptop heats up" was out of scope: "heats up" was no word for a fault.
  it.each(['my laptop heats up', 'my laptop gets really hot'])('%j is a problem with the computer', (text) => {
    expect(router.classify(text)).toMatchObject({ intent: 'troubleshoot', device: 'computer' });
  });

  // "record" was our transcript to the model: "my dvr wont record again" turned recording off.
  it.each([
    ['my dvr wont record again', 'troubleshoot'],
    ['my tivo stopped recording', 'troubleshoot'],
    ['please record my tv show', 'out_of_scope'],
  ] as const)('%j is about the device, not our transcript: %s', (text, intent) => {
    expect(router.classify(text)).toMatchObject({ intent, device: 'tv', ambiguous: false });
  });

  it('recording of the user or of this chat stays a privacy reading', () => {
    expect(router.classify('dont record this chat').intent).toBe('opt_out');
    expect(router.classify('does alexa record everything i say').intent).toBe('privacy_info');
    expect(router.classify('is my echo recording me').intent).toBe('privacy_info');
  });

  it('a dead phone number is still a correction of the details, and "died laughing" no device problem', () => {
    expect(router.classify('my phone number is dead')).toMatchObject({ intent: 'data_correction', device: 'none' });
    expect(router.classify('i died laughing').intent).not.toBe('troubleshoot');
  });

  it('treats an email address or phone number as personal data, not a device', () => {
    expect(router.classify('please update my email address')).toMatchObject({ intent: 'data_correction', device: 'none' });
    expect(router.classify('stop texting my mobile with offers')).toMatchObject({ intent: 'opt_out', device: 'none' });
    expect(router.classify('can someone call me back on my mobile')).toMatchObject({ intent: 'human', device: 'none' });
  });
});

describe('security reports', () => {
  it.each([
    'my account was hacked',
    'I want to report a security issue',
    'got a scam call about my broadband',
    'i clicked on a phishing email',
    // Tech-support scams, which the intent model alone called out of scope.
    'virus popup says call microsoft',
    'a pop up said to call apple support',
    'fake virus alert on my screen',
    // The scam's phone call: it got no scam steps ("got a call from windows support"), or was out of scope.
    'someone called saying they were from microsoft',
    'a guy from apple called me about a virus',
    'got a call from windows support',
    'microsoft called me about my computer',
    'a man called me about a virus on my computer',
    'got a suspicious text saying my account is locked',
    // Someone else in the account, and a text or call after a one-time code: no word like "hacked" in them.
    'someone is logged into my email',
    'somebody else has been using my account',
    "there's a login from another country on my account",
    'i got a weird text asking for my code',
    'someone called asking me for the verification code',
    // Someone else in the computer after a scam: they were asked to agree to our remote access.
    'they have remote access to my computer now',
    'someone else has remote access to my laptop',
    'i gave them remote access',
    // Someone else asking to get into the computer: they got our remote-access consent.
    'let them connect to my computer',
    'should i let them connect to my computer?',
    'they want to connect to my computer',
    'the caller says he wants to connect to my laptop',
  ])(
    '%j goes to a technician with the security flag',
    (text) => {
      expect(router.classify(text)).toMatchObject({ intent: 'human', security: true, ambiguous: false });
    },
  );

  it.each(['i got a call from apple about my repair', 'my son called me about my windows laptop', 'microsoft teams calls keep dropping'])('%j is no scam call', (text) => {
    expect(router.classify(text)).toMatchObject({ security: false });
  });

  // "call apple support" alone made a priority security report of a wish to reach Apple.
  it.each(['i need to call apple support', 'whats the number for apple support', 'how do i contact microsoft support', 'i need to call microsoft'])('%j is no scam: nobody told them to call', (text) => {
    expect(router.classify(text)).toMatchObject({ security: false });
  });

  it.each(['can you connect to my computer', 'can a technician connect to my laptop', 'they want to connect to my wifi'])('%j is no report of someone else asking to get in', (text) => {
    expect(router.classify(text)).toMatchObject({ security: false });
  });

  it('flags the device a hacked account is on', () => {
    expect(router.classify('someone hacked my gmail')).toMatchObject({ intent: 'human', device: 'email', security: true });
  });

  it('does not flag questions about how data is protected, or ordinary problems', () => {
    expect(router.classify('what happens to my data if there is a breach')).toMatchObject({ intent: 'privacy_info', security: false });
    expect(router.classify('my printer is broken').security).toBe(false);
    expect(router.classify('my antivirus subscription renewal').security).toBe(false);
    expect(router.classify('i logged into my email and it is very slow').security).toBe(false);
    expect(router.classify('i changed my password and outlook stopped working').security).toBe(false);
    expect(router.classify('my phone keeps asking for my code').security).toBe(false);
    expect(router.classify('I texted support asking about my error code').security).toBe(false);
  });

  it.each(['can someone get remote access to my pc', 'can a technician remote into my computer', 'i need remote access'])('%j asks for our remote access, no security report', (text) => {
    expect(router.classify(text)).toMatchObject({ intent: 'remote_access', security: false });
  });
});

describe('classifyLines', () => {
  it('prints intent, device, confidence and text separated by tabs', () => {
    const [line] = classifyLines(router, ['pritner wont print'], false);
    const [intent, device, confidence, text] = line.split('\t');
    expect([intent, device, text]).toEqual(['troubleshoot', 'printer', 'pritner wont print']);
    expect(Number(confidence)).toBeGreaterThan(0);
  });

  it('prints one JSON object per line with --jsonl, skipping blank lines', () => {
    const out = classifyLines(router, ['refund', '', 'hi'], true);
    expect(out).toHaveLength(2);
    const first = JSON.parse(out[0]) as Record<string, unknown>;
    expect(Object.keys(first).sort()).toEqual(['confidence', 'device', 'intent', 'text']);
    expect(first).toMatchObject({ text: 'refund', intent: 'billing', device: 'none' });
  });
});

describe('a named device with a word for a fault', () => {
  it.each([
    ['my tablet is broken', 'phone'],
    ['my son is 10 and his tablet is broken', 'phone'],
    ['internet bad', 'network'],
    ['wifi sucks', 'network'],
    ['my broadband is rubbish', 'network'],
    // Slang for a fault: out of scope, "not something I can help with".
    ['my laptop is bricked', 'computer'],
    ['wifi be trippin', 'network'],
    ['my router is tripping again', 'network'],
    // A speaker deaf to its wake word: "not something I can help with", or the list of what the bot does.
    ['my smart speaker ignores me', 'smart_speaker'],
    // A camera's picture: "blurry", "out of focus" (the second a cancel to the model, for "back" and "out").
    ['my selfie cam is blurry', 'phone'],
    ['back camera out of focus', 'phone'],
    // Setting a device up.
    ['how do i set up my new router', 'network'],
  ])('%j is a device problem, though the model alone called it out of scope', (text, device) => {
    expect(router.classify(text)).toMatchObject({ intent: 'troubleshoot', device });
  });

  it.each(['which tablet should I buy', 'is the new iphone worth it', 'best laptop for students under 500'])('%j stays out of scope: no fault', (text) => {
    expect(router.classify(text).intent).toBe('out_of_scope');
  });

  // The model read it as a request for the list of what the bot does, for "understand".
  it('"alexa never understands what i say" is a speaker problem, not a request for help', () => {
    expect(router.classify('alexa never understands what i say')).toMatchObject({ intent: 'troubleshoot', device: 'smart_speaker' });
  });

  it('a word for stopping is still a cancel', () => {
    expect(router.classify('cancel').intent).toBe('cancel');
    expect(router.classify('never mind, forget it').intent).toBe('cancel');
  });

  // Out of scope to the model (billing at 0.21); "is it worth it?" after a plan was named already worked.
  it.each(['is the annual plan worth it?', 'is the monthly subscription good value', 'is the yearly one worth it?'])('%j asks about a plan of ours: billing', (text) => {
    expect(router.classify(text)).toMatchObject({ intent: 'billing', ambiguous: false });
  });

  // Out of scope for the typo, and for the plan named as the user's own that they would upgrade.
  it.each(['is the anual plan worth it', 'is it worth upgrading my plan'])('%j asks about a plan of ours: billing', (text) => {
    expect(router.classify(text)).toMatchObject({ intent: 'billing', ambiguous: false });
  });

  // A carrier's plan is not ours: nothing here says it is.
  it('"is it worth upgrading my phone plan" is not billing', () => {
    expect(router.classify('is it worth upgrading my phone plan').intent).not.toBe('billing');
  });
});

// "its a dell" was a goodbye and "its a samsung" out of scope: a user telling us their device.
describe('a device named and nothing else', () => {
  it.each([
    ['its a dell', 'computer'],
    ["it's an hp laptop", 'computer'],
    ['its a samsung tv', 'tv'],
    ['its a macbook pro', 'computer'],
    ['a dell', 'computer'],
    ['its a roku', 'tv'],
  ])('%j is about that device: a device problem', (text, device) => {
    expect(router.classify(text)).toMatchObject({ intent: 'troubleshoot', device, ambiguous: false });
  });

  // "its an hp" was out of scope: "hp" alone named nothing the lexicon knows. HP makes printers and
  // computers, Samsung phones and TVs: which one is the user's to say, not a guess.
  it.each([
    ['its an hp', ['printer', 'computer']],
    ["it's an HP", ['printer', 'computer']],
    ['its a samsung', ['phone', 'tv']],
    ['lenovo', ['computer', 'phone']],
  ])('%j, a maker of several kinds of device named alone, is a device problem on one of %j', (text, kinds) => {
    const reading = router.classify(text);
    expect(reading).toMatchObject({ intent: 'troubleshoot', device: 'none', ambiguous: false });
    expect([...(reading.deviceAmong ?? [])].sort()).toEqual([...kinds].sort());
  });

  // "my hp wont turn on" was no device and "my samsung keeps restarting" a phone: guesses at one of
  // the maker's kinds, which the problem's words do not make.
  it.each([
    ['my hp wont turn on', ['printer', 'computer']],
    ['my samsung keeps restarting', ['phone', 'tv']],
    ['my samsung has no sound', ['phone', 'tv']],
    // The words say a phone, 97 to 3, though not surely enough: a Lenovo mostly a laptop does not outweigh them.
    ['lenovo wont charge', ['computer', 'phone']],
  ])('%j, a problem of a maker of several kinds with no product named, is on one of %j', (text, kinds) => {
    const reading = router.classify(text);
    expect(reading).toMatchObject({ intent: 'troubleshoot', device: 'none' });
    expect([...(reading.deviceAmong ?? [])].sort()).toEqual([...kinds].sort());
  });

  it.each([
    ['an hp laptop', 'computer'],
    ['my samsung wont charge', 'phone'],
    // Asked whether a phone or a TV, "my" missing: the words said a phone less surely of all devices.
    ['samsung wont charge', 'phone'],
    ['sony wont charge', 'phone'],
    ['my apple wont charge', 'phone'],
    ['my hp printer wont print', 'printer'],
    ['hp wont print', 'printer'],
    ['my dell is slow', 'computer'],
    // A laptop's or a phone's, the words split them evenly: a Lenovo is mostly a laptop. It was asked.
    ['lenovo battery not charging even though its plugged in', 'computer'],
  ])('%j, a maker with a product or a problem, is that device, with nothing to ask', (text, device) => {
    const reading = router.classify(text);
    expect(reading).toMatchObject({ intent: 'troubleshoot', device });
    expect(reading.deviceAmong).toBeUndefined();
  });

  it.each(['which laptop', 'is it a dell?', 'what is a chromebook', 'is it an hp?'])('%j, asked about a device, stays out of scope', (text) => {
    expect(router.classify(text).intent).toBe('out_of_scope');
  });

  it.each(['thanks its a dell', 'bye'])('%j, with a word of leaving, stays a goodbye', (text) => {
    expect(router.classify(text).intent).toBe('goodbye');
  });
});

describe('remote access', () => {
  it.each(['my computer', 'help my pc', 'my laptop'])('%j, a device without a word for reaching it, is a device problem', (text) => {
    expect(router.classify(text)).toMatchObject({ intent: 'troubleshoot', device: 'computer' });
  });

  // "bsod on my pc" was asked "remote access or a person?": both the model's readings, neither the problem.
  it.each(['bsod on my pc', 'blue screen on my pc'])('%j, a fault named on a device, is that device\'s problem, not a choice to ask about', (text) => {
    expect(router.classify(text)).toMatchObject({ intent: 'troubleshoot', device: 'computer', ambiguous: false });
  });

  // Windows' words for a blue screen: "windows 10" left it out of scope, "not something I can help with".
  it.each(['my windows 10 pc shows stop code 0xc000021a', 'windows 11 laptop stop error'])('%j, a stop code on a computer, is its problem', (text) => {
    expect(router.classify(text)).toMatchObject({ intent: 'troubleshoot', device: 'computer', ambiguous: false });
  });

  it.each(['can you connect to my computer', 'remote into my laptop please', 'can the engineer dial into my mac', 'let a technician control my pc', 'can you remote in', 'i want remote support', 'stop the remote session', 'what software do you use for remote control'])('%j asks for remote access', (text) => {
    expect(router.classify(text).intent).toBe('remote_access');
  });

  // The model read these as remote access for the one word "remote".
  // The last was a goodbye to the model: at a TV guide's step the correction was asked again.
  // "which remote? i have 3" at a TV step opened remote access, whose yes recorded a consent nobody meant.
  it.each(['the remote one', 'the remote is dead', 'my remote control is broken', 'the remote', 'actually its the remote thats the problem', 'which remote? i have 3', 'which remote', 'what remote do i use', 'i have 3 remotes'])('%j is the hand-held remote: a TV problem', (text) => {
    expect(router.classify(text)).toMatchObject({ intent: 'troubleshoot', device: 'tv', ambiguous: false });
  });

  // These were asked "a device problem or remote access / correct my details?".
  it.each([['my laptop overheats', 'computer'], ['my phone is laggy', 'phone'], ['tv is silent', 'tv'], ['my ipad is full', 'phone'], ['blue screen on my pc', 'computer'], ['my router lights are all red', 'network'], ['my laptop is acting weird', 'computer'], ['my mac restarts over and over', 'computer'], ['my laptop restarts over and over', 'computer']])('%j, a device with a word for a fault, is a device problem without asking', (text, device) => {
    expect(router.classify(text)).toMatchObject({ intent: 'troubleshoot', device, ambiguous: false });
  });

  // A loud fan was asked "a device problem or remote access?".
  it.each(['my laptop fan is loud', 'the fan on my laptop is loud'])('%j, a loud fan, is a device problem without asking', (text) => {
    expect(router.classify(text)).toMatchObject({ intent: 'troubleshoot', device: 'computer', ambiguous: false });
  });

  // The device of a record of ours, wrong: a correction, as before the rule above ("on file" names our record).
  it('"you have the wrong laptop on file" is a correction of the details we hold', () => {
    expect(router.classify('you have the wrong laptop on file').intent).toBe('data_correction');
  });

  // These opened a correction of the user's details, for "wrong".
  it.each([['colours are wrong on my tv', 'tv'], ['the colors on my tv are wrong', 'tv'], ['keyboard types the wrong letters', 'computer']])('%j, something wrong on a device, is a device problem', (text, device) => {
    expect(router.classify(text)).toMatchObject({ intent: 'troubleshoot', device, ambiguous: false });
  });
  it.each(['my phone number is wrong', 'you have my phone wrong', 'my email is wrong', 'my address is wrong', 'my name is spelt wrong on my laptop account'])('%j stays a correction of details', (text) => {
    expect(router.classify(text).intent).toBe('data_correction');
  });

  // "connect to" read as reaching the laptop from afar: these were asked "a device problem or remote access?".
  it.each([['my iphone wont connect to wifi but my laptop does', 'phone'], ['my phone cant connect to the internet but my laptop can', 'phone']])('%j, a device that will not join the Wi-Fi, is a device problem without asking', (text, device) => {
    expect(router.classify(text)).toMatchObject({ intent: 'troubleshoot', device, ambiguous: false });
  });

  it('"can you connect to my laptop" is still remote access', () => {
    expect(router.classify('can you connect to my laptop').intent).toBe('remote_access');
  });

  // Unseen words ("single", "incident") left these out of scope.
  it.each(['refund for my single incident', 'refund single incident'])('%j, a refund named in so many words, is a billing question', (text) => {
    expect(router.classify(text).intent).toBe('billing');
  });

  // The model read these as out of scope, and the user was told it was nothing the bot could help with.
  it.each(['switch me to annual', 'ok switch me to annual', 'move me to monthly', 'put me on the annual plan', 'switch me to the single incident plan'])(
    '%j, a switch to a plan named, is a billing question',
    (text) => {
      expect(router.classify(text).intent).toBe('billing');
    },
  );

  it.each(['switch me over to a technician', 'move me to the front of the queue'])('%j names no plan: not billing', (text) => {
    expect(router.classify(text).intent).not.toBe('billing');
  });

  // "actually" and "instead" are words of a switch to a person in the training data (human at 0.52
  // against billing at 0.39): a refund named, and no person asked for, is a billing question.
  it.each(['actually can i get a refund instead', "actually i'd like a refund instead", 'actually can i just get my money back instead'])(
    '%j, a refund asked for with no person named, is a billing question sure enough to leave a step for',
    (text) => {
      const result = router.classify(text);
      expect(result).toMatchObject({ intent: 'billing', ambiguous: false });
      expect(result.confidence).toBeGreaterThanOrEqual(0.6);
    },
  );

  // "can i cancel anytime?" was cancel against billing, too close to call; "cancel anytime?" a plain
  // cancel, which stops the troubleshooting step it is asked at.
  it.each(['can i cancel anytime?', 'cancel anytime?', 'can i cancel at any time', 'is there a minimum term', 'can i cancel whenever i want'])(
    '%j asks about the terms of cancelling: a billing question',
    (text) => {
      const result = router.classify(text);
      expect(result).toMatchObject({ intent: 'billing', ambiguous: false });
      expect(result.confidence).toBeGreaterThanOrEqual(0.6);
    },
  );

  it.each(['cancel', 'cancel that', 'stop'])('%j still stops what is under way', (text) => {
    expect(router.classify(text).intent).toBe('cancel');
  });

  it.each(['i want to talk to someone about a refund', 'can someone call me about my refund'])('%j, a person asked for about a refund, stays a request for a person', (text) => {
    expect(router.classify(text).intent).toBe('human');
  });

  // The model read "what happens" as "what happens to my data", a privacy question.
  it.each(['what happens now', 'so what happens next?', 'whats next'])('%j asks what to do next: help', (text) => {
    expect(router.classify(text).intent).toBe('help');
  });

  it.each(['what happens to my data', 'what happens next with my data'])('%j stays a privacy question', (text) => {
    expect(router.classify(text).intent).toBe('privacy_info');
  });

  it.each(['my phone number is wrong', 'my phone number changed'])('%j stays a correction of details', (text) => {
    expect(router.classify(text).intent).toBe('data_correction');
  });
});

describe('a person asked for next to a device problem', () => {
  it.each([
    ['i need a technician my laptop wont turn on', 'computer'],
    ['my laptop wont turn on, i want a technician', 'computer'],
    ['get me a person, my wifi is broken', 'network'],
    ['my phone is broken, get me a person', 'phone'],
    ["my email wont send, i'd like to speak to someone", 'email'],
    ['technician please my tv has no signal', 'tv'],
  ])('%j is a request for a person, about the device named (%s), without asking which', (text, device) => {
    const result = router.classify(text);
    expect(result).toMatchObject({ intent: 'human', device, ambiguous: false });
    expect(result.alternatives[0]).toEqual({ intent: 'human', confidence: result.confidence });
    // Sure enough to interrupt an open question (the dialogs' SURE_CONFIDENCE).
    expect(result.confidence).toBeGreaterThanOrEqual(0.6);
  });

  it.each([
    'my laptop wont turn on, can you help',
    'the technician said to restart my laptop but it still wont start',
    'my printer is offline and the people at the shop could not fix it',
  ])('%j mentions no request for a person: still a device problem', (text) => {
    expect(router.classify(text)).toMatchObject({ intent: 'troubleshoot', device: expect.not.stringMatching(/^none$/) });
  });

  it.each([
    ['i dont want to talk to a person my laptop is broken', 'computer'],
    ['my laptop wont start, i dont want a technician', 'computer'],
    ["i don't want a technician, my printer is jammed", 'printer'],
    ['no need for a person, my wifi keeps dropping', 'network'],
    ['no need for a person, thanks, my wifi keeps dropping', 'network'],
    ["my laptop wont turn on, i'd rather not talk to anyone", 'computer'],
    ['can you fix my phone without talking to anyone, it wont charge', 'phone'],
    ['i dont want to be put through to a technician, my tv has no sound', 'tv'],
  ])('%j takes the request for a person back: a problem with the device (%s), not a handoff nor a question which', (text, device) => {
    expect(router.classify(text)).toMatchObject({ intent: 'troubleshoot', device, ambiguous: false });
  });

  it.each([
    'i dont want to talk to a person',
    "i don't want a technician",
    'no need for a person',
    'without talking to anyone',
    'no human please',
    'no need for a person, thanks',
    'thanks but i dont want a technician',
    'no need for a person thank you!',
  ])(
    '%j takes a request back and asks nothing else: out of scope (the dialogs reassure), not a person',
    (text) => {
      expect(router.classify(text)).toMatchObject({ intent: 'out_of_scope', ambiguous: false });
    },
  );

  it('thanks for a fix, then no person wanted, is still a goodbye: the thanks is not the refusal\'s', () => {
    expect(router.classify('thanks, that fixed it, no need for a person').intent).toBe('goodbye');
  });

  it.each(['i dont want to wait any longer, get me a person', 'no technician has called me back', 'i dont want to talk to a bot, get me a person'])(
    '%j takes no request back: still a request for a person',
    (text) => {
      expect(router.classify(text).intent).toBe('human');
    },
  );

  it.each([
    ['is there someone who can fix my laptop', 'computer'],
    ['is there a technician who can look at my printer', 'printer'],
    ['is there anyone who can help with my printer', 'printer'],
    ['do you have staff who can fix a laptop', 'computer'],
    ['do you have real people who fix printers', 'printer'],
    ['do you have an engineer who can fix my wifi', 'network'],
    ['have you got a tech who can sort my printer', 'printer'],
    ['is anyone available to fix my printer', 'printer'],
    ['do u have techs that can fix tvs', 'tv'],
    ['could someone look at my phone its not charging', 'phone'],
    ['is there someone who can help, my outlook wont send', 'email'],
    ['do you have technicians?', 'none'],
    ['are there any technicians available', 'none'],
    ['is there anybody who can help', 'none'],
    ['do you have someone who can help me', 'none'],
    ['is there a person i can talk to', 'none'],
    ['does your company have technicians', 'none'],
    ['does brightside employ real people?', 'none'],
    ['does your company have technicians who can fix my laptop', 'computer'],
    ['do you guys have real people', 'none'],
    ['are there humans working there', 'none'],
  ])('%j asks whether someone can help: a request for a person, about the device named (%s)', (text, device) => {
    const result = router.classify(text);
    expect(result).toMatchObject({ intent: 'human', device, ambiguous: false });
    // Sure enough to interrupt an open question (the dialogs' SURE_CONFIDENCE).
    expect(result.confidence).toBeGreaterThanOrEqual(0.6);
  });

  it.each([
    ['is there someone who can delete my data', 'data_deletion'],
    ['is anyone there', 'greeting'],
  ])('%j is no question whether a person can help with a problem: keeps the reading it had (%s)', (text, intent) => {
    expect(router.classify(text).intent).toBe(intent);
  });

  it.each([
    'is there someone who can help with my bill',
    'can someone help me with my bill',
    'is there someone who can help with a refund',
    'is there anyone who can help with my plan',
    'do you have staff who can sort out my subscription',
  ])('%j asks whether someone can help with a bill: billing, for the billing team, not a technician', (text) => {
    const result = router.classify(text);
    expect(result).toMatchObject({ intent: 'billing', ambiguous: false });
    expect(result.alternatives[0]).toEqual({ intent: 'billing', confidence: result.confidence });
    // Sure enough to interrupt an open question (the dialogs' SURE_CONFIDENCE).
    expect(result.confidence).toBeGreaterThanOrEqual(0.6);
  });

  it('a person asked for next to a billing question is still asked about: the rule settles only problem or person', () => {
    const result = router.classify('i want a person, and why was i charged twice');
    expect(result.ambiguous).toBe(true);
    expect(result.alternatives.slice(0, 2).map((a) => a.intent).sort()).toEqual(['billing', 'human']);
  });
});

describe("an opt-out's words that ask for no opt-out", () => {
  // The model read each as opt_out (0.7 to 0.99), and the opt-out dialog stopped our marketing or sharing.
  it.each([
    ['how do I unsubscribe from apple emails', 'troubleshoot', 'email'],
    ["I can't unsubscribe from a newsletter in outlook", 'troubleshoot', 'email'],
    ["how do i unsubscibe from amazon's newsletter", 'troubleshoot', 'email'],
    ['how do I unsubscribe from emails in gmail', 'troubleshoot', 'email'],
    ["don't share my password with anyone", 'privacy_info', 'none'],
    ["don't email me the report", 'out_of_scope', 'none'],
  ] as const)('%j is no opt-out: %s (%s)', (text, intent, device) => {
    expect(router.classify(text)).toMatchObject({ intent, device, ambiguous: false });
  });

  it.each([
    'stop emailing me',
    'stop sending me marketing emails',
    'unsubscribe me',
    'please unsubscribe me from your promotional emails',
    "don't share my data with partners",
    'stop sending me offers by email',
    'unsubscibe me',
    'stop emialing me',
    // Ambiguous, so still the user's own request: no sender but us, no app, no single thing named.
    'unsubscribe',
    'how do i unsubscribe',
    'how do i unsubscribe from your emails',
    'u cant unsub from ur emails',
    "i can't unsubscribe from your newsletter",
    "don't email me",
    "don't send me the newsletter",
    "don't share my password or my details with partners",
  ])('%j stays an opt-out, sure enough to act on', (text) => {
    const result = router.classify(text);
    expect(result).toMatchObject({ intent: 'opt_out', ambiguous: false });
    expect(result.confidence).toBeGreaterThanOrEqual(0.6);
  });

  // The company's own mail is ours to stop, however the user names it.
  it('a question about unsubscribing from the company named in the policy is an opt-out; from another sender it is not', async () => {
    const ours = await Router.load('content/nlu', { company: 'Brightside Tech Support' });
    for (const text of ['how do i unsubscribe from brightside emails', "i can't unsubscribe from Brightside Tech Support emails"]) {
      expect(ours.classify(text)).toMatchObject({ intent: 'opt_out', ambiguous: false });
    }
    expect(ours.classify('how do I unsubscribe from apple emails').intent).toBe('troubleshoot');
  });

  // Another company running the bot has its own name: its spam is its mail to stop, not a mailbox to fix.
  it('spam from the company named in the policy is an opt-out; from another sender it is the mailbox\'s problem', async () => {
    const acme = await Router.load('content/nlu', { company: 'Acme Home Tech' });
    expect(acme.classify('so many spam emails from acme')).toMatchObject({ intent: 'opt_out', ambiguous: false });
    expect(acme.classify('so many spam emails from brightside')).toMatchObject({ intent: 'troubleshoot', device: 'email' });
  });
});

describe('an earlier call or chat with us', () => {
  it.each([
    ['i called support yesterday and my laptop is still slow', 'computer'],
    ['i called support yesterday, but my laptop is still slow', 'computer'],
    ['i spoke to a technician last week and my printer still wont print', 'printer'],
    ["i've already spoken to someone and my wifi still drops", 'network'],
  ])('%j tells what the user did, not what they ask: a problem with the %s, not a handoff', (text, device) => {
    const result = router.classify(text);
    expect(result).toMatchObject({ intent: 'troubleshoot', device, ambiguous: false });
    expect(result.confidence).toBeGreaterThanOrEqual(0.6);
  });

  it.each([
    'I want to call support',
    'can I talk to someone',
    // The call alone, or with a request for a person, is still the user asking for one.
    'i called support yesterday',
    'i called support yesterday, can i talk to someone',
    'i called support yesterday and nobody called me back',
    // The rest alone is opt_out at 0.33: a guess, no better than the person the whole reads as.
    'i spoke to someone yesterday, still waiting for the callback',
  ])('%j still asks for a person', (text) => {
    expect(router.classify(text)).toMatchObject({ intent: 'human', ambiguous: false });
  });

  it('a security report stays one, whatever call came before', () => {
    expect(router.classify('i called support because my account was hacked')).toMatchObject({ intent: 'human', security: true });
  });
});

describe('a question where the user\'s own choices stand', () => {
  it.each(['what have i opted out of', 'am i still subscribed to your newsletter', 'what did i just opt out of', 'am i on your mailing list'])(
    '%j is a privacy question (answered with the choices), not an opt-out',
    (text) => {
      expect(router.classify(text)).toMatchObject({ intent: 'privacy_info', ambiguous: false });
      expect(router.classify(text).confidence).toBeGreaterThanOrEqual(0.9);
    },
  );

  it.each(['stop all marketing', 'unsubscribe me from your newsletter', 'am i still subscribed? unsubscribe me'])('%j is still the opt-out', (text) => {
    expect(router.classify(text).intent).toBe('opt_out');
  });
});

describe('a question after the user\'s own privacy request', () => {
  it.each(['whats happening with my deletion', 'any news on my data request', 'did you delete my data yet', 'status of my export', 'has my data been deleted', 'is my export ready'])(
    '%j is a privacy question (answered with the request\'s status), not a new request',
    (text) => {
      expect(router.classify(text)).toMatchObject({ intent: 'privacy_info', ambiguous: false });
      expect(router.classify(text).confidence).toBeGreaterThanOrEqual(0.9);
    },
  );

  it.each([
    ['delete my data', 'data_deletion'],
    ['download my data', 'data_access'],
    ['delete this chat', 'data_deletion'],
  ] as const)('%j is still the request itself', (text, intent) => {
    expect(router.classify(text).intent).toBe(intent);
  });
});

describe('chat shorthand in a data request', () => {
  // "abt" and "wat" were read as unknown words: "what do you know abt me" got the capabilities list.
  it.each(['what do you know abt me', 'wat do u know abt me', 'what data do u have abt me'])('%j asks for the data we hold', (text) => {
    expect(router.classify(text).intent).toBe('data_access');
  });
});

describe('a hello before the message', () => {
  it.each([
    ['hi did anyone look at my ticket', 'human'],
    ['hello, can you email me instead', 'human'],
    ['hey there! my printer is offline', 'troubleshoot'],
  ])('%j is read as the message after the hello (%s), not as a hello', (text, intent) => {
    expect(router.classify(text)).toMatchObject({ intent, ambiguous: false, text });
  });

  it.each(['hi', 'hi there', 'hello? is anyone there', 'good morning'])('%j is still a hello', (text) => {
    expect(router.classify(text).intent).toBe('greeting');
  });
});

// Opening messages the flows eval (test/eval/data/flows-labelled.yaml) found routed away from their guide.
describe('a problem the model read as something else', () => {
  it.each<[string, string]>([
    // Billing (0.61), for "paying".
    ['speeds are way lower than what im paying for', 'network'],
    // A person or a problem, too close to call, for "call a number".
    ['getting popups saying my computer is infected and to call a number', 'computer'],
    // A correction of the user's details (0.45), for "email" and "code".
    ['the verification code for my email never arrives', 'email'],
    ['i never get the verification code for gmail', 'email'],
    // A problem or a correction, too close to call; the second a correction (0.82).
    ['some emails vanished from my folders', 'email'],
    ['my emails vanished', 'email'],
    ['my emails bounce back undeliverable', 'email'],
    // Out of scope (0.91): "stops" was no word for a fault.
    ['my echo plays music for a minute then stops, spotify', 'smart_speaker'],
  ])('%j is a device problem', (text, device) => {
    expect(router.classify(text)).toMatchObject({ intent: 'troubleshoot', device, ambiguous: false });
  });

  it.each<[string, string]>([
    ['i want a refund, speeds are lower than what im paying for', 'billing'],
    ['popups saying call microsoft, can i talk to someone', 'human'],
    ['my email address is wrong, mail to it bounces', 'data_correction'],
  ])('%j stays %s: a bill, a person or the details named in so many words', (text, intent) => {
    expect(router.classify(text).intent).toBe(intent);
  });
});

// "infected" was corrected to "invented", a word of the out-of-scope trivia lines.
describe('infected', () => {
  it.each(['my computer is infected', 'i think my laptop is infected with a virus', 'my pc has an infection'])('%j keeps its word', (text) => {
    const { symptoms } = router.classify(text);
    expect(symptoms).not.toContain('invented');
    expect(symptoms.some((w) => w.startsWith('infect'))).toBe(true);
  });
});

// "even though" was read as "even thought", "both" as "bot", "while" as "white".
describe('function words', () => {
  const words = (
    'about above across after again against all almost alone along already also although always among another any anybody ' +
    'anyone anything anyway anywhere around because before behind below beside besides between beyond both cannot could ' +
    'down during each either else enough even ever every everyone everything except few for from further hence here hers ' +
    'however indeed instead into itself last latter least less lest like many maybe might more most much must myself ' +
    'neither never nobody none nothing now off often once only onto other others otherwise ought over own perhaps quite ' +
    'rather same several shall should since some somebody someone something sometimes somewhere such than that their ' +
    'these those though through throughout thus till together too toward towards under unless until unto upon very ' +
    'well whatever whenever where whereas wherever whether which while whom whomever whose whatsoever within without yet yourself'
  )
    .split(' ')
    // Stop words are known words, and no symptoms.
    .filter((w) => !STOPWORDS.has(w));
  it.each(words)('%j is never corrected', (word) => {
    expect(router.classify(`it broke ${word} i tried`).symptoms).toContain(word);
  });
});

// "i keep getting pop ups" went to the email guides: the model reads mail for "getting".
describe('pop-ups', () => {
  it.each(['i keep getting pop ups', 'i keep getting pop-ups', 'getting pop ups'])('%j are the computer\'s', (text) => {
    expect(router.classify(text)).toMatchObject({ intent: 'troubleshoot', device: 'computer' });
  });

  // The phone's guide has them too: with no device named, both guides were offered.
  it.each(['i keep seeing pop ups', 'i think i have a virus, my browser keeps opening weird sites'])('%j on no device named are the computer\'s', (text) => {
    expect(router.classify(text)).toMatchObject({ intent: 'troubleshoot', device: 'computer' });
  });

  it.each(['pop-ups keep appearing on my phone', 'my pop3 settings keep getting reset', 'i keep getting pop ups in gmail'])('%j keeps the device or mail it names', (text) => {
    expect(router.classify(text).device).not.toBe('computer');
  });
});

// "i'm getting tons of spam" was out of scope (0.70), "i get so many spam calls" a request for a person.
describe('spam that arrives', () => {
  it.each<[string, string]>([
    ["i'm getting tons of spam", 'email'],
    ['i get so much junk mail', 'email'],
    ['i get so many spam calls', 'phone'],
    ['spam texts on my phone', 'phone'],
  ])('%j is a problem of the %s', (text, device) => {
    expect(router.classify(text)).toMatchObject({ intent: 'troubleshoot', device });
  });

  it.each(['stop spamming me', 'stop the junk mail'])('%j still asks us to stop ours', (text) => {
    expect(router.classify(text).intent).toBe('opt_out');
  });
});

// Out of scope (0.80) or a person (0.58) to the model.
describe('a computer or phone with a virus', () => {
  it.each<[string, string]>([
    ['i think my laptop is infected with a virus', 'computer'],
    ['i think my pc has a virus', 'computer'],
    ['i think my phone is infected', 'phone'],
  ])('%j is a device problem', (text, device) => {
    expect(router.classify(text)).toMatchObject({ intent: 'troubleshoot', device, ambiguous: false, security: false });
  });

  it.each<[string, string]>([
    ['i think i have a virus should i see a doctor', 'out_of_scope'],
    ['my laptop has a virus can i talk to someone', 'human'],
    ['can you remove the virus from my laptop remotely', 'remote_access'],
  ])('%j stays %s: no device, or a person or remote access asked for', (text, intent) => {
    expect(router.classify(text).intent).toBe(intent);
  });

  it('malware is still a security report', () => {
    expect(router.classify('my laptop has malware')).toMatchObject({ intent: 'human', security: true });
  });
});

// An opt-out is carried out at once and a sure deletion opens a request: the model read both in
// problems that only mention calls, texts, email or deleting, and switched marketing off for a
// phone that cannot be heard on calls.
describe('an opt-out or a deletion is asked for in words', () => {
  it.each([
    ['cant hear anyone on calls', 'phone'],
    ['i dont get notifications for texts', 'phone'],
    ['i cant send texts', 'phone'],
    ['no sound on calls', 'phone'],
    ['how do i delete old photos', 'phone'],
    ['my data is full', 'phone'],
    ['i deleted my texts can i get them back', 'phone'],
    ['i accidentally deleted my emails', 'email'],
    ['my emails got deleted', 'email'],
  ])('%j is a problem with the %s', (text, device) => {
    expect(router.classify(text)).toMatchObject({ intent: 'troubleshoot', device, ambiguous: false });
  });

  it.each(['delete my browsing history', 'clear my cache'])('%j is deleted on a device, not by us', (text) => {
    expect(router.classify(text).intent).toBe('troubleshoot');
  });

  // Below the dialogs' SURE_CONFIDENCE (0.6): they ask "is this what you want?" before acting.
  it.each([
    ['delete my emails', 'data_deletion'],
    ['i want to delete my account on my phone', 'data_deletion'],
    ['delete my messages', 'data_deletion'],
    // Another company's account opened an erasure request with us at once.
    ['how do i delete my facebook account', 'data_deletion'],
    ['delete my old yahoo email account', 'data_deletion'],
    ['spam calls all day', 'opt_out'],
    ['my drone wont take off', 'opt_out'],
  ])('%j may mean %s, so is asked about first', (text, intent) => {
    const result = router.classify(text);
    expect(result.intent).toBe(intent);
    expect(result.confidence).toBeLessThan(0.6);
  });

  it.each([
    ['stop texting me', 'opt_out'],
    ['no more texts please', 'opt_out'],
    ['dont call me for sales', 'opt_out'],
    ['take me off your list', 'opt_out'],
    ['delete my data', 'data_deletion'],
    ['i want to delete my account', 'data_deletion'],
    ['delete everything', 'data_deletion'],
    ['remove me from your database', 'data_deletion'],
    ['delete my chat history', 'data_deletion'],
    // One detail of ours (a correction that empties it, privacy-request-dialog): they were asked about first.
    ['delete my address', 'data_deletion'],
    ['remove my email', 'data_deletion'],
    ['delete my phone number', 'data_correction'],
  ])('%j says so, and is acted on', (text, intent) => {
    const result = router.classify(text);
    expect(result).toMatchObject({ intent, ambiguous: false });
    expect(result.confidence).toBeGreaterThanOrEqual(0.6);
  });
});

// The address's parts ("pat", "k", "example", "com") were unknown words that made the request out of
// scope, and "my email is" a correction of its own clause beside it.
describe('an email address or phone number given with a request', () => {
  it.each([
    ['unsubscribe pat.k@example.com', 'opt_out'],
    ['unsubscribe me from your newsletter, my email is pat.k@example.com', 'opt_out'],
    ['please remove me from your mailing list, pat.k@example.com', 'opt_out'],
    ['stop emailing me, my email is pat.k@example.com', 'opt_out'],
    ['stop texting me, my number is 555-123-4567', 'opt_out'],
    ['delete my account, my email is pat.k@example.com', 'data_deletion'],
    ['delete my data, my phone is +1 212 555 0199', 'data_deletion'],
  ])('%j is read as the request alone (%s), the address kept in its text', (text, intent) => {
    const result = router.classify(text);
    expect(result).toMatchObject({ intent, ambiguous: false, text });
    expect(result.confidence).toBeGreaterThanOrEqual(0.6);
  });

  it('reads a new address given in a correction as the correction', () => {
    expect(router.classify('change my email to pat@new.com')).toMatchObject({ intent: 'data_correction', ambiguous: false });
  });
});

// The network's to the model for "dropping", the mailbox's for "messages", a problem or an opt-out
// too close to call: the phone's calls, texts and service are the phone's.
describe("a phone's calls, texts or service", () => {
  it.each(['my calls keep dropping', 'i cant receive text messages', 'people cant hear me on calls', 'calls go straight to voicemail'])('%j is a phone problem', (text) => {
    expect(router.classify(text)).toMatchObject({ intent: 'troubleshoot', device: 'phone', ambiguous: false });
  });

  it.each<[string, string]>([
    ['zoom calls keep dropping on my laptop', 'computer'],
    ['i called support yesterday and my laptop is still slow', 'computer'],
  ])('%j stays the device it names (%s)', (text, device) => {
    expect(router.classify(text).device).toBe(device);
  });

  // A person to the model, for "call": the callback offer answered a phone whose calls had no sound.
  it.each(['nobody can hear me when i call', 'calls keep cutting out', 'i cant hear the other person when i call'])('%j is the phone\'s call sound, not a request for a person', (text) => {
    expect(router.classify(text)).toMatchObject({ intent: 'troubleshoot', device: 'phone' });
  });

  it.each(['i want someone to call me back', 'can a technician call me'])('%j still asks for a person', (text) => {
    expect(router.classify(text).intent).toBe('human');
  });

  // Wi-Fi calling is the phone's calls over the Wi-Fi: it was the network's, for "wifi".
  it.each(['wifi calling not working', 'wi-fi calling wont turn on', 'my wifi calling keeps dropping calls'])('%j is the phone\'s', (text) => {
    expect(router.classify(text)).toMatchObject({ intent: 'troubleshoot', device: 'phone' });
  });

  // Texts from us are our marketing: no phone of the user's at fault (the objection guard makes it the opt-out).
  it('"I keep getting texts from you, stop it" names no device', () => {
    expect(router.classify('I keep getting texts from you, stop it').device).toBe('none');
  });

  // Named as the company ("brightside" for Brightside Tech Support), as spam from it is: it was the phone's texts.
  it('"I keep getting texts from brightside, stop it" names no device, and texts from another sender are the phone\'s', async () => {
    const ours = await Router.load('content/nlu', { company: 'Brightside Tech Support' });
    expect(ours.classify('I keep getting texts from brightside, stop it').device).toBe('none');
    expect(ours.classify('I keep getting texts from verizon, stop it').device).toBe('phone');
  });

  it.each(['stop texting me', 'please dont call me', 'can someone call me back'])('%j is no phone problem', (text) => {
    expect(router.classify(text).intent).not.toBe('troubleshoot');
  });
});

// A sure correction opens a privacy request and asks for the address on file: "my emails are gone"
// did, for "email". A correction names a change; something gone is a problem to fix.
describe('a correction is asked for in words', () => {
  it.each([
    ['my emails are gone', 'email'],
    ['i lost my emails', 'email'],
    ['my email is gone', 'email'],
    ['my contacts are gone from my phone', 'phone'],
    ['my address book is gone', 'phone'],
  ])('%j is a problem with the %s', (text, device) => {
    expect(router.classify(text)).toMatchObject({ intent: 'troubleshoot', device, ambiguous: false });
  });

  it.each(['my address', 'my email'])('%j may mean a correction, so is asked about first', (text) => {
    const result = router.classify(text);
    expect(result.intent).toBe('data_correction');
    expect(result.confidence).toBeLessThan(0.6);
  });

  it.each(['update my email', 'my email address is wrong', 'i moved house', 'new phone number', 'the email you have is old', 'my name is misspelled'])(
    '%j says so, and is acted on',
    (text) => {
      const result = router.classify(text);
      expect(result).toMatchObject({ intent: 'data_correction', ambiguous: false });
      expect(result.confidence).toBeGreaterThanOrEqual(0.6);
    },
  );
});

// Read as cancel, nothing understood or a privacy question: the chat went on being recorded (P8).
describe('this chat not to be kept, in any words for keeping it', () => {
  it.each(['pls dont save this convo', 'i dont want this conversation saved', 'dont keep a copy of this chat', 'can u not store my messages'])(
    '%j is an opt-out sure enough to act on at any question',
    (text) => {
      expect(router.classify(text)).toMatchObject({ intent: 'opt_out', device: 'none', ambiguous: false });
      expect(router.classify(text).confidence).toBeGreaterThanOrEqual(0.85);
    },
  );

  it.each(['i dont know how to save my messages', 'my phone does not save my messages'])('%j asks nothing of us, so is not acted on', (text) => {
    const result = router.classify(text);
    expect(result.intent === 'opt_out' && result.confidence >= 0.6).toBe(false);
  });

  // Offered only "Stop marketing or data sharing": deletion was never offered.
  it('"i dont want you guys to have my info anymore" is a deletion, asked about first', () => {
    const result = router.classify('i dont want you guys to have my info anymore');
    expect(result).toMatchObject({ intent: 'data_deletion', ambiguous: false });
    expect(result.confidence).toBeLessThan(0.6);
  });
});

// "do you fix iphones" was out of scope ("not something I can help with"), "do you fix phones" a privacy question.
describe('a question whether we fix a device', () => {
  it.each<[string, string]>([
    ['do you fix iphones', 'phone'],
    ['do you fix phones', 'phone'],
    ['do you guys fix printers?', 'printer'],
    ['can you repair laptops', 'computer'],
    ['do u help with tvs', 'tv'],
  ])('%j is about the device\'s problems (%s)', (text, device) => {
    expect(router.classify(text)).toMatchObject({ intent: 'troubleshoot', device, ambiguous: false });
  });

  it.each(['do you fix cars', 'do you fix washing machines'])('%j names no device we have guides for: still out of scope', (text) => {
    expect(router.classify(text).intent).toBe('out_of_scope');
  });
});
