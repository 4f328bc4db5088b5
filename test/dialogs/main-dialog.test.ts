import { removeTempDirs, tempDir } from '../support/temp-dir';
import { data, startTestBot, type TestBot, type TestConversation } from '../support/conversation';
import type { Activity } from 'botbuilder';
import { getFlow, loadFlows } from '../../src/services/troubleshooting/flow-loader';
import { HandoffRepository } from '../../src/services/handoff/handoff-repository';
import { withoutIds } from '../support/without-ids';

const texts = (replies: Partial<Activity>[]) => replies.map((r) => r.text ?? '').join('\n');
const lastOf = (replies: Partial<Activity>[]) => replies[replies.length - 1];

describe('the main dialog: routing and interruptions', () => {
  let bot: TestBot;
  beforeAll(async () => {
    bot = await startTestBot();
  });
  afterAll(() => bot.close());

  async function inPrinterFlow(): Promise<TestConversation> {
    const user = bot.conversation();
    await user.join();
    const started = await user.say('my printer says offline');
    expect(data(lastOf(started)).step).toMatchObject({ flow: 'printer-offline', stepId: 'power-cycle', n: 1 });
    return user;
  }

  // "i dunno where that menu is" got what the bot can do, the step asked again.
  it('"i dunno where that menu is" at a step with "I can\'t find that" picks it', async () => {
    const user = await inPrinterFlow();
    await user.say('Still offline');
    expect(data(lastOf(await user.say('wifi i think?'))).step).toMatchObject({ flow: 'printer-offline', stepId: 'same-network' });
    const replies = await user.say('i dunno where that menu is');
    expect(texts(replies)).not.toMatch(/Here's what I can do/);
    expect(data(lastOf(replies)).step).toMatchObject({ flow: 'printer-offline', stepId: 'restart-router' });
  });

  it('welcomes a new user with what it can do, the privacy link and starter suggestions', async () => {
    const [welcome] = await bot.conversation().join();
    expect(welcome.text).toMatch(/virtual assistant of Brightside Tech Support/);
    expect(welcome.text).toContain('https://brightside.example/privacy');
    expect(welcome.text).toMatch(/don't type passwords or card numbers/);
    expect(welcome.suggestedActions?.actions.map((a) => a.title)).toContain('Talk to a technician');
  });

  it('answers a greeting, and says honestly what it can do for something out of scope', async () => {
    const user = bot.conversation();
    expect(texts(await user.say('hello there'))).toMatch(/What can I help you with today/);
    expect(texts(await user.say('which printer should I buy'))).toMatch(/not something I can help with.*Here's what I can do/s);
  });

  const openedRequests = (user: TestConversation) => bot.app.store.query('users', `${user.channelId}:${user.user.id}`, { keyPrefix: 'request/' });

  it.each([
    ['hola', /Lo siento, por ahora solo puedo ayudar en inglés/],
    ['mon imprimante ne marche pas', /je ne peux aider qu'en anglais/],
    ['mein Drucker ist offline', /nur auf Englisch/],
  ])('answers "%s" in its language and in English that it only speaks English, and opens nothing', async (text, local) => {
    const user = bot.conversation();
    const replies = await user.say(text);
    expect(texts(replies)).toMatch(local);
    expect(texts(replies)).toMatch(/I can only chat in English/);
    expect(lastOf(replies).suggestedActions?.actions.map((a) => a.title)).toEqual(['Talk to a technician']);
    expect(await openedRequests(user)).toEqual([]);
  });

  it('asks before opening a privacy request it is not sure the user made ("hola" reads like "hold" to the router)', async () => {
    const user = bot.conversation();
    const asked = await user.say('how do i stop getting your adverts');
    expect(texts(asked)).toMatch(/Just to be sure/);
    expect(lastOf(asked).suggestedActions?.actions.map((a) => a.title)).toEqual(['Stop marketing or data sharing', 'Something else']);
    expect(texts(await user.say('Something else'))).toMatch(/Tell me in your own words what you need/);
    expect(await openedRequests(user)).toEqual([]);
    await user.say('how do i stop getting your adverts');
    expect(texts(await user.say('Stop marketing or data sharing'))).toMatch(/do-not-market list/);
  });

  it.each(['ok', '👍'])('takes "%s" with nothing open as an acknowledgement, not as a request it cannot serve', async (text) => {
    const user = bot.conversation();
    await user.say('hello there');
    const replies = await user.say(text);
    expect(texts(replies)).toBe('OK. Is there anything else I can help with?');
    expect(lastOf(replies).suggestedActions?.actions.map((a) => a.title)).toContain('Talk to a technician');
  });

  it.each(['no', 'nope', 'nah'])('takes a bare "%s" to "is there anything else?" after a fixed guide as the goodbye', async (text) => {
    const user = bot.conversation();
    await user.say('my echo dot wont connect to wifi');
    expect(texts(await user.say('That worked'))).toMatch(/Is there anything else I can help with\?$/);
    const replies = await user.say(text);
    expect(texts(replies)).toBe('Glad I could help. If anything else comes up, just message me here. Goodbye!');
  });

  it('does not take a bare "no" as the first message for a goodbye', async () => {
    const user = bot.conversation();
    expect(texts(await user.say('no'))).not.toMatch(/Goodbye/);
  });

  it.each([
    ['😡😡', /^I'm here to help\. What's going wrong\?$/],
    ['👍', /^Here's what I can do/],
  ])('takes "%s" as the first message as an opening: no apology for help not yet tried, no "anything else?"', async (text, reply) => {
    const user = bot.conversation();
    const replies = await user.say(text);
    expect(lastOf(replies).text).toMatch(reply);
    expect(texts(replies)).not.toMatch(/sorry|anything else/i);
    expect(lastOf(replies).suggestedActions?.actions.map((a) => a.title)).toContain('Talk to a technician');
    // Said again, it answers what came before.
    expect(texts(await user.say(text))).toMatch(/hasn't helped yet|anything else/);
  });

  it.each(['yes', 'yeah', 'yes please'])('takes "%s" with nothing asked as a yes to being helped: asks what is going on, without "not something I can help with"', async (text) => {
    const user = bot.conversation();
    await user.say('hello there');
    const replies = await user.say(text);
    expect(texts(replies)).toMatch(/^Sure\. What's going on\?/);
    expect(lastOf(replies).suggestedActions?.actions.map((a) => a.title)).toContain('Talk to a technician');
  });

  it.each(['?', 'huh?', 'hmm'])('takes "%s" with nothing open as unsure what the chat is for: what the bot can do, without "not something I can help with"', async (text) => {
    const user = bot.conversation();
    await user.say('hello there');
    const replies = await user.say(text);
    expect(texts(replies)).toMatch(/^Here's what I can do/);
    expect(texts(replies)).not.toMatch(/not something I can help with/);
  });

  it('at a pick between TV guides, "the remote one" picks the remote guide (it was read as a request for remote access)', async () => {
    const user = bot.conversation();
    expect(texts(await user.say('my tv is acting up'))).toMatch(/few guides that could fit/);
    expect(data(lastOf(await user.say('the remote one'))).step).toMatchObject({ flow: 'tv-remote-pair' });
  });

  // "no signal" alone read as a Wi-Fi problem (its "signal") and started the Wi-Fi guide instead.
  it.each([
    ['no signal', 'tv-no-signal'],
    ['the sound one', 'tv-no-sound'],
    ['actually my printer says offline', 'printer-offline'],
  ])('at a pick between TV guides, "%s" starts %s', async (typed, flow) => {
    const user = bot.conversation();
    expect(texts(await user.say('my tv is acting up'))).toMatch(/few guides that could fit/);
    expect(data(lastOf(await user.say(typed))).step).toMatchObject({ flow, n: 1 });
  });

  // "blue screen on my pc" was asked "remote access or a device problem?" (the model's "pc"), "bsod
  // on my pc" "remote access or a person?", and "my router lights are all red" or "my laptop is
  // acting weird" was told it is not something the bot can help with.
  it.each([
    ['blue screen on my pc', 'computer-wont-boot'],
    ['bsod on my pc', 'computer-wont-boot'],
    ['my router lights are all red', 'network-no-internet'],
    ['my laptop is acting weird', 'computer-malware-popups'],
  ])('%j starts %s without asking what is meant', async (typed, flow) => {
    const user = bot.conversation();
    const replies = await user.say(typed);
    expect(texts(replies)).not.toMatch(/which of these do you mean|not something I can help with/);
    expect(data(lastOf(replies)).step).toMatchObject({ flow });
  });

  // "its a dell" typed with nothing open was told goodbye, and "its a samsung" that it is nothing the bot can help with.
  it.each([
    ['its a dell', 'Computer is slow'],
    ["it's an hp laptop", 'Computer is slow'],
    ['its a samsung tv', 'No sound from the TV'],
  ])('%j, the user telling us their device, is asked which of its guides fits', async (typed, guide) => {
    const user = bot.conversation();
    const replies = await user.say(typed);
    expect(texts(replies)).not.toMatch(/Goodbye|not something I can help with/);
    expect(texts(replies)).toMatch(/Which sounds most like your problem\?/);
    expect(lastOf(replies).suggestedActions?.actions.map((a) => a.title)).toContain(guide);
  });

  // "its an hp" was told it is nothing the bot can help with, and "its a samsung" offered only phone
  // guides: a maker of several kinds of device is asked which of its kinds it is, then that one's guides.
  it.each([
    ['its an hp', ['Computer', 'Printer', 'Something else'], 'printer', 'Printer shows as offline'],
    ['its a samsung', ['Phone or tablet', 'TV', 'Something else'], 'tv', 'No sound from the TV'],
  ])('%j is asked which of the maker\'s devices it is', async (typed, devices, picked, guide) => {
    const user = bot.conversation();
    const asked = await user.say(typed);
    expect(texts(asked)).not.toMatch(/not something I can help with/);
    expect(texts(asked)).toMatch(/Which device is it\?/);
    expect(lastOf(asked).suggestedActions?.actions.map((a) => a.title)).toEqual(devices);
    const guides = await user.say(picked);
    expect(texts(guides)).toMatch(/Which sounds most like your problem\?/);
    expect(lastOf(guides).suggestedActions?.actions.map((a) => a.title)).toContain(guide);
  });

  // "my hp wont turn on" was offered the printer's guides, "my samsung keeps restarting" the phone's:
  // a guess at one of the maker's kinds. The problem goes with the device picked (a TV's restart is
  // the boot loop of its won't-turn-on guide).
  it.each([
    ['my hp wont turn on', ['Computer', 'Printer', 'Something else'], 'computer', /Let's work through "Computer won't start or shows a blue screen"/],
    ['my samsung keeps restarting', ['Phone or tablet', 'TV', 'Something else'], 'tv', /Let's work through "TV won't turn on"/],
  ])('%j, a problem of a maker of several kinds with no product named, is asked which of its devices it is', async (typed, devices, picked, then) => {
    const user = bot.conversation();
    const asked = await user.say(typed);
    expect(texts(asked)).toMatch(/Which device is it\?/);
    expect(lastOf(asked).suggestedActions?.actions.map((a) => a.title)).toEqual(devices);
    expect(texts(await user.say(picked))).toMatch(then);
  });

  it.each([
    ['my hp printer wont print', 'Printer shows as offline'],
    ['my samsung wont charge', 'Phone or tablet won\'t charge'],
    ['my dell is slow', 'Computer is slow'],
  ])('%j, a product or a problem only one kind has, is not asked which device: it gets %j', async (typed, guide) => {
    const replies = await bot.conversation().say(typed);
    expect(texts(replies)).not.toMatch(/Which device is it\?/);
    const offered = lastOf(replies).suggestedActions?.actions.map((a) => a.title) ?? [];
    expect(texts(replies).includes(`Let's work through "${guide}"`) || offered.includes(guide)).toBe(true);
  });

  // "mac wont start" was offered "Computer is slow" too, for its symptom "slow to start"; then the
  // Windows PC's "Computer won't start" beside the Mac's guide, and "macbook wont start" or "imac
  // won't boot" only the Windows PC's.
  it.each(['mac wont start', 'macbook wont start', 'my mac wont turn on', "imac won't boot"])('%j starts the Mac startup guide', async (typed) => {
    const replies = await bot.conversation().say(typed);
    expect(texts(replies)).toMatch(/Let's work through "Mac won't start up"/);
    expect(data(lastOf(replies)).step).toMatchObject({ flow: 'mac-wont-start', n: 1 });
  });

  // "my imac keeps restarting" got the Windows PC's guide: the Mac's had no restart symptom.
  it('"my imac keeps restarting" starts the Mac startup guide, its restart answer taken from the message', async () => {
    const replies = await bot.conversation().say('my imac keeps restarting');
    expect(texts(replies)).toMatch(/Let's work through "Mac won't start up"[\s\S]*Going by what you told me: Apple logo or progress bar, then it stops or restarts/);
    expect(data(lastOf(replies)).step).toMatchObject({ flow: 'mac-wont-start', stepId: 'which-chip' });
  });

  // It asked "a device problem or remote access?": the model knows "keeps restarting", not "restarts over and over".
  it('"my mac restarts over and over" starts the Mac startup guide at once, its restart answer taken from the message', async () => {
    const replies = await bot.conversation().say('my mac restarts over and over');
    expect(texts(replies)).toMatch(/Let's work through "Mac won't start up"[\s\S]*Going by what you told me: Apple logo or progress bar, then it stops or restarts/);
    expect(data(lastOf(replies)).step).toMatchObject({ flow: 'mac-wont-start', stepId: 'which-chip' });
  });

  // It got the Windows PC's "Computer won't start or shows a blue screen" through its "crashing".
  it('"my macbook keeps crashing" is told there is no Mac guide for that and offered a technician, not a Windows guide', async () => {
    const replies = await bot.conversation().say('my macbook keeps crashing');
    expect(texts(replies)).toMatch(/I don't have a guide for that problem on a Mac yet\. Would you like me to connect you with a technician\?/);
    expect(texts(replies)).not.toMatch(/Let's work through/);
  });

  // "Check it's on the same network": people answer a check with yes or no, which was asked again.
  // Not on the Wi-Fi goes on in the printer's Wi-Fi setup guide.
  it.each([
    ['yes', 'printer-offline', 'restart-router'],
    ['yes its on the network', 'printer-offline', 'restart-router'],
    ['nope', 'printer-wifi-setup', 'prepare'],
    ['it isnt connected', 'printer-wifi-setup', 'prepare'],
  ])('at the printer network check, "%s" goes on to %s %s', async (typed, flow, stepId) => {
    const user = await inPrinterFlow();
    await user.say('Still offline');
    expect(data(lastOf(await user.say('wifi'))).step).toMatchObject({ stepId: 'same-network' });
    expect(data(lastOf(await user.say(typed))).step).toMatchObject({ flow, stepId });
  });

  it('help in the middle of a flow explains, then asks the same step again', async () => {
    const user = await inPrinterFlow();
    const replies = await user.say('what can you do?');
    expect(texts(replies)).toMatch(/Here's what I can do/);
    expect(data(lastOf(replies)).step).toMatchObject({ flow: 'printer-offline', stepId: 'power-cycle' });
    // and the flow goes on from there
    expect(data(lastOf(await user.say('Still offline'))).step).toMatchObject({ stepId: 'connection-type', n: 2 });
  });

  // "what now" read as help: the whole list of what the bot does, then "Let's carry on where we were".
  it.each(['what now', 'now what?', 'so what do i do now'])('%j at a step asks the step again, nothing more', async (said) => {
    const user = await inPrinterFlow();
    const replies = await user.say(said);
    expect(texts(replies)).not.toMatch(/Here's what I can do|carry on where we were/);
    expect(replies).toHaveLength(1);
    expect(data(lastOf(replies)).step).toMatchObject({ flow: 'printer-offline', stepId: 'power-cycle' });
  });

  it('"hold on" in the middle of a flow keeps the step open, its quick replies still offered', async () => {
    const user = await inPrinterFlow();
    const replies = await user.say('hold on');
    expect(texts(replies)).toBe("Take your time: I'll be here when you're ready.");
    expect(lastOf(replies).suggestedActions?.actions.map((a) => a.title)).toEqual(['That worked', 'Still offline', 'Talk to a technician']);
    expect(data(lastOf(replies)).expects).toBe('choice');
    expect(data(lastOf(await user.say('Still offline'))).step).toMatchObject({ stepId: 'connection-type', n: 2 });
  });

  // "OK, I've stopped that": the whole guide ended on the word "cancel".
  it('"cancel that, its usb" at a step answers it with the usb, and after an answer takes that answer back', async () => {
    const user = await inPrinterFlow();
    await user.say('Still offline');
    const answered = await user.say('cancel that, its usb');
    expect(texts(answered)).not.toMatch(/stopped/);
    expect(data(lastOf(answered)).step).toMatchObject({ flow: 'printer-offline', stepId: 'usb-check' });

    const other = await inPrinterFlow();
    await other.say('Still offline');
    await other.say('Wi-Fi');
    const takenBack = await other.say('cancel that, its usb');
    expect(texts(takenBack)).toMatch(/^Got it: USB cable, not Wi-Fi\./);
    expect(data(lastOf(takenBack)).step).toMatchObject({ flow: 'printer-offline', stepId: 'usb-check' });
  });

  it('"bye" in the middle of a flow leaves the step open for later, and "hi again" is welcomed back to it', async () => {
    const user = await inPrinterFlow();
    const bye = await user.say('bye');
    expect(texts(bye)).toBe("OK, bye for now! When you're back, just answer my last question and we'll carry on from there.");
    expect(lastOf(bye).suggestedActions?.actions.map((a) => a.title)).toEqual(['That worked', 'Still offline', 'Talk to a technician']);
    const back = await user.say('hi again');
    expect(texts(back)).toMatch(/^Welcome back!\nLet's carry on where we were\./);
    expect(data(lastOf(back)).step).toMatchObject({ flow: 'printer-offline', stepId: 'power-cycle', n: 1 });
    expect(data(lastOf(await user.say('Still offline'))).step).toMatchObject({ stepId: 'connection-type', n: 2 });
  });

  // "bye" at the offer of a technician when no guide fits was a pause, the offer left open.
  it.each(['bye', 'gotta go'])('%j at "I don\'t have a guide ... connect you with a technician?" declines it and says goodbye', async (text) => {
    const user = bot.conversation();
    await user.say('my macbook keeps crashing');
    const replies = await user.say(text);
    expect(texts(replies)).toBe('No problem. If anything else comes up, just message me here. Goodbye!');
    expect(data(lastOf(replies)).expects).toBeUndefined();
  });

  // It got the step's "I don't have more detail than that for this step", a dead end.
  it('"how do i find that" at the make and model question says where a phone\'s model is written, and asks again', async () => {
    const user = bot.conversation();
    const asked = await user.say('my phone wont charge');
    expect(data(lastOf(asked)).expects).toBe('device_model');
    const replies = await user.say('how do i find that');
    expect(texts(replies)).toMatch(/^On an iPhone or iPad it's in \*\*Settings > General > About\*\*.*What make and model is the device\?/s);
    expect(data(lastOf(replies)).expects).toBe('device_model');
  });

  // The code was kept, and the guide's next step still asked to find and note it.
  it('an error code kept at the Windows Update guide\'s version question skips the step that asks to note it', async () => {
    const user = bot.conversation();
    await user.say('windows update keeps failing');
    await user.say('it says 0x80070002');
    await user.say('Windows 11');
    const replies = await user.say('yes');
    expect(texts(replies)).toMatch(/noted those device details/);
    expect(texts(replies)).not.toMatch(/note the error code/);
    expect(data(lastOf(replies)).step).toMatchObject({ flow: 'windows-update-error', stepId: 'restart-retry' });
  });

  it('without an error code the Windows Update guide still asks to note it', async () => {
    const user = bot.conversation();
    await user.say('windows update keeps failing');
    const replies = await user.say('Windows 11');
    expect(data(lastOf(replies)).step).toMatchObject({ flow: 'windows-update-error', stepId: 'note-error' });
  });

  // It was kept as the make and model, "Thanks, I've noted those device details.", and the charging guide went on.
  it.each([
    ['no wait its the wifi', 'phone-wifi'],
    ['actually its my printer', undefined],
  ])('%j at the make and model question turns to that problem, as at a step, and keeps no device details', async (text, flow) => {
    const user = bot.conversation();
    expect(data(lastOf(await user.say('my phone wont charge'))).expects).toBe('device_model');
    const replies = await user.say(text);
    expect(texts(replies)).not.toMatch(/noted those device details/);
    expect(replies[0].text).toBe("OK, let's look at that instead.");
    if (flow) expect(data(lastOf(replies)).step?.flow).toBe(flow);
    else expect(lastOf(replies).suggestedActions?.actions.map((a) => a.title)).toContain('Printer shows as offline');
    expect(await bot.app.store.query('users', `${user.channelId}:${user.user.id}`, { keyPrefix: 'device/' })).toEqual([]);
  });

  // It got "That sounds like what's wrong with it, and I have that already", the make and model asked again.
  it.each([
    ['my printer is offline', 'printer-offline'],
    ['my laptop wont turn on', 'computer-wont-boot'],
  ])('another device\'s problem, %j, at the make and model question turns to that problem, as "actually its my printer" does', async (text, flow) => {
    const user = bot.conversation();
    expect(data(lastOf(await user.say('my phone wont charge'))).expects).toBe('device_model');
    const replies = await user.say(text);
    expect(texts(replies)).not.toMatch(/I have that already/);
    expect(replies[0].text).toBe("OK, let's look at that instead.");
    expect(data(lastOf(replies)).step?.flow).toBe(flow);
    expect(await bot.app.store.query('users', `${user.channelId}:${user.user.id}`, { keyPrefix: 'device/' })).toEqual([]);
  });

  // The phone's own problem there is the one the guide is about, or one it will come to: the model is still asked for.
  it.each(['my phone is overheating', 'it just stopped charging yesterday'])('the same device\'s problem, %j, at the make and model question keeps its reply', async (text) => {
    const user = bot.conversation();
    expect(data(lastOf(await user.say('my phone wont charge'))).expects).toBe('device_model');
    const replies = await user.say(text);
    expect(texts(replies)).toMatch(/^That sounds like what's wrong with it, and I have that already\./);
    expect(data(lastOf(replies)).expects).toBe('device_model');
  });

  it('"bye" with nothing open is a goodbye', async () => {
    const user = bot.conversation();
    await user.say('hello there');
    expect(texts(await user.say('bye'))).toMatch(/Goodbye!/);
  });

  it('"are you a bot?" in the middle of a flow gets a straight answer, then the same step again', async () => {
    const user = await inPrinterFlow();
    const replies = await user.say('are you a bot?');
    expect(texts(replies)).toMatch(/virtual assistant: a program, not a person/);
    expect(data(lastOf(replies)).step).toMatchObject({ flow: 'printer-offline', stepId: 'power-cycle' });
  });

  it('answers "what are your opening hours?" with the technicians\' hours from the configuration', async () => {
    expect(texts(await bot.conversation().say('what are your opening hours?'))).toMatch(/\nOur technicians work Mon–Fri 08:00–20:00, Sat 10:00–16:00 \(America\/New York time\)/);
  });

  // "i dont know what that is" got the list of what the bot can do, and "where is that button?" was
  // told "I can't answer questions here", also where the step offers "I can't find that".
  it('lost at a step ("i dont know what that is", "where is that button?") is told how to go on; where the step offers "I can\'t find that", "where is that button?" picks it', async () => {
    const user = await inPrinterFlow();
    const lost = await user.say('i dont know what that is');
    expect(texts(lost)).toMatch(/^This step is one of the things that most often fixes this problem: try it/m);
    expect(texts(lost)).not.toMatch(/Here's what I can do/);
    expect(texts(await user.say('where is that button?'))).toMatch(/^I don't have more detail than that for this step/m);
    await user.say('Still offline');
    expect(data(lastOf(await user.say('Wi-Fi'))).step).toMatchObject({ stepId: 'same-network' });
    const picked = await user.say('where is that setting?');
    expect(texts(picked)).not.toMatch(/more detail|can't answer questions/);
    expect(data(lastOf(picked)).step?.stepId).toBe('restart-router');
  });

  // The step asked again after "where is the source button" thanked the user once more for a
  // detail they had not given ("Thanks, I've noted that. Does the TV's menu appear on screen?").
  it('a make noted at a step ("its a samsung") is thanked once: asked again after "where is the source button", the question comes alone', async () => {
    const user = bot.conversation();
    await user.say('my tv says no signal');
    expect(texts(await user.say('its a samsung'))).toMatch(/^Thanks, I've noted that\. Does the TV's menu appear on screen\?$/m);
    const again = await user.say('where is the source button');
    expect(texts(again)).toMatch(/^I don't have more detail than that for this step/m);
    expect(texts(again)).not.toMatch(/noted/);
    expect(lastOf(again).text).toBe("Does the TV's menu appear on screen?");
    expect(data(lastOf(again)).step).toMatchObject({ flow: 'tv-no-signal', stepId: 'tv-menu' });
  });

  // "i dont have that option" was asked how the step went ("Once you've tried that, how did it go?"),
  // also where the step offers "I can't find that".
  it('"i dont have that option" at a step picks its "I can\'t find that"; at a step without one it is told there is no more detail', async () => {
    const user = bot.conversation();
    await user.say('my phone storage is full');
    expect(data(lastOf(await user.say('Android'))).step).toMatchObject({ stepId: 'android-storage' });
    const picked = await user.say('i dont have that option');
    expect(texts(picked)).not.toMatch(/how did it go|Please pick/);
    expect(data(lastOf(picked)).step).toMatchObject({ stepId: 'android-files' });
    const stuck = await user.say("i don't have that option");
    expect(texts(stuck)).toMatch(/^I don't have more detail than that for this step/m);
    expect(data(lastOf(stuck)).step).toMatchObject({ stepId: 'android-files' });
  });

  // "how do i find my router?" at "Unplug the router" was told "Sorry, I can't answer questions here".
  it('"how do i find my router?" at a step that says to restart it is told what and where the router is, then the step again', async () => {
    const user = bot.conversation();
    await user.say('my wifi is really slow');
    expect(data(lastOf(await user.say('everywhere'))).step).toMatchObject({ flow: 'network-slow-wifi', stepId: 'restart-router' });
    const replies = await user.say('how do i find my router?');
    expect(texts(replies)).toMatch(/^The router is the box that makes your Wi-Fi/m);
    expect(texts(replies)).not.toMatch(/can't answer questions/);
    expect(data(lastOf(replies)).step).toMatchObject({ stepId: 'restart-router' });
  });

  // Its "where do i find" picked the step's "I can't find that", and the guide went on to the firmware step.
  it.each(['where do i find my router', 'i cant find my router'])('%j at a step with "I can\'t find that" is told what and where the router is, and the step kept', async (text) => {
    const user = bot.conversation();
    await user.say('my wifi is really slow');
    await user.say('Only in some rooms');
    expect(data(lastOf(await user.say('Still slow or dropping'))).step).toMatchObject({ flow: 'network-slow-wifi', stepId: 'channel' });
    const replies = await user.say(text);
    expect(texts(replies)).toMatch(/^The router is the box that makes your Wi-Fi/m);
    expect(data(lastOf(replies)).step).toMatchObject({ stepId: 'channel' });
    // The option itself still picks it.
    expect(data(lastOf(await user.say("I can't find that"))).step).toMatchObject({ stepId: 'firmware' });
  });

  it('"no idea" to a step is an answer, though the router reads it as cancel; "not sure, cancel" still cancels', async () => {
    const user = await inPrinterFlow();
    await user.say('Still offline');
    const replies = await user.say('no idea');
    expect(texts(replies)).not.toMatch(/stopped that/);
    expect(data(lastOf(replies)).step).toMatchObject({ stepId: 'connection-type' }); // this step has no "can't find" option: asked again
    expect(texts(await user.say('not sure, cancel'))).toMatch(/I've stopped that/);
  });

  it('a new description of the problem, given instead of yes/no or a pick, finds the guide for it', async () => {
    const user = bot.conversation();
    expect(texts(await user.say('my drone wont connect'))).toMatch(/don't have a guide for that problem yet/);
    expect(data(lastOf(await user.say('my printer says offline'))).step).toMatchObject({ flow: 'printer-offline', stepId: 'power-cycle', n: 1 });

    const other = bot.conversation();
    expect(texts(await other.say('my tv is acting up'))).toMatch(/few guides that could fit/);
    expect(data(lastOf(await other.say('my printer says offline'))).step).toMatchObject({ flow: 'printer-offline', stepId: 'power-cycle', n: 1 });
  });

  it('"your service is garbage. wtf" is annoyance too: an apology and the way to a technician, not "not something I can help with"', async () => {
    const replies = await bot.conversation().say('your service is garbage. wtf');
    expect(texts(replies)).toMatch(/^I'm sorry this hasn't helped yet/m);
    expect(texts(replies)).not.toMatch(/not something I can help with/);
  });

  it('"stupid bot" at a step gets an apology before the step again', async () => {
    const user = await inPrinterFlow();
    const replies = await user.say('stupid bot');
    expect(texts(replies)).toMatch(/^I'm sorry this hasn't helped yet.*\nLet's carry on where we were\./s);
    expect(data(lastOf(replies)).step).toMatchObject({ flow: 'printer-offline', stepId: 'power-cycle', n: 1 });
  });

  it('annoyance at the bot gets an apology and the way to a technician, not "not something I can help with"', async () => {
    const replies = await bot.conversation().say('you are useless');
    expect(texts(replies)).toMatch(/^I'm sorry this hasn't helped yet/m);
    expect(lastOf(replies).suggestedActions?.actions.map((a) => a.title)).toEqual(['Talk to a technician']);
  });

  it('a picture without words (a pasted screenshot) is asked for in words; a step stays open with its quick replies', async () => {
    const picture = { type: 'message', attachments: [{ contentType: 'image/png', contentUrl: 'https://example.com/error.png', name: 'error.png' }] } as Partial<Activity>;
    expect(texts(await bot.conversation().send(picture))).toMatch(/^I can't look at pictures or files in this chat/m);
    const user = await inPrinterFlow();
    const replies = await user.send(picture);
    expect(texts(replies)).toMatch(/^I can't look at pictures or files in this chat/m);
    expect(lastOf(replies).suggestedActions?.actions.map((a) => a.title)).toEqual(['That worked', 'Still offline', 'Talk to a technician']);
    expect(data(lastOf(await user.say('Still offline'))).step).toMatchObject({ stepId: 'connection-type', n: 2 });
  });

  it('a short answer the router half-reads as cancel ("its blue") does not stop a flow; "nvm" does', async () => {
    const user = await inPrinterFlow();
    const replies = await user.say('its blue');
    expect(texts(replies)).not.toMatch(/stopped that/);
    expect(data(lastOf(replies)).step).toMatchObject({ stepId: 'power-cycle' });
    expect(texts(await user.say('nvm'))).toMatch(/I've stopped that/);
    // With nothing open the half-read is asked about, not answered as a cancel; a word for stopping is.
    expect(texts(await user.say('its blue'))).toMatch(/^Sorry, I'm not sure what you mean/m);
    expect(texts(await user.say('never mind'))).toMatch(/^There's nothing in progress to cancel/m);
  });

  it('the step\'s own answer typed at a question of a request that interrupted it is told the step comes back after this', async () => {
    const user = await inPrinterFlow();
    expect(data(lastOf(await user.say('delete my data'))).expects).toBe('email');
    const replies = await user.say('its still offline');
    expect(texts(replies)).toMatch(/^Let's finish this first. Then we'll go back to where we were.$/m);
    expect(texts(replies)).not.toMatch(/doesn't look like an email/);
    expect(data(lastOf(replies)).expects).toBe('email');
    // Words this question understands too ("no", a number) are still its answers.
    expect(texts(await user.say('no'))).not.toMatch(/Let's finish this first/);
  });

  it('at a step, an answer the router reads as a privacy request is asked about before anything is opened', async () => {
    const user = await inPrinterFlow();
    const asked = await user.say('i wiped my details');
    expect(texts(asked)).toMatch(/^Just to be sure: is this what you want, or was that your answer to my question\?$/m);
    expect(lastOf(asked).suggestedActions?.actions.map((a) => a.title)).toEqual(['Delete my data', 'No, that was my answer']);
    const back = await user.say('No, that was my answer');
    expect(texts(back)).toMatch(/^OK. Let's carry on where we were.$/m);
    expect(data(lastOf(back)).step).toMatchObject({ stepId: 'power-cycle' });
    expect(await openedRequests(user)).toEqual([]);

    // A plain "no" is "that was my answer" too.
    await user.say('i wiped my details');
    expect(texts(await user.say('no'))).toMatch(/^OK. Let's carry on where we were.$/m);
    expect(await openedRequests(user)).toEqual([]);

    await user.say('i wiped my details');
    expect(data(lastOf(await user.say('Delete my data'))).expects).toBe('email');
    expect(await openedRequests(user)).toHaveLength(1);
  });

  it('at a step, a plain "yes" to "is this what you want?" is the request', async () => {
    const user = await inPrinterFlow();
    await user.say('i wiped my details');
    expect(data(lastOf(await user.say('yes'))).expects).toBe('email');
    expect(await openedRequests(user)).toHaveLength(1);
  });

  it.each(['escalate this', 'let me talk to your manager', "no I won't do that, get me a real person"])('at a step, "%s" asks for a person', async (text) => {
    const user = await inPrinterFlow();
    const replies = texts(await user.say(text));
    expect(replies).toMatch(/None of our technicians is signed in|connect you with one of our technicians/);
    expect(replies).not.toMatch(/^Once you've tried that/m);
  });

  it('a person taken back next to a device problem starts the guide for it, with no handoff', async () => {
    const replies = await bot.conversation().say('i dont want to talk to a person my laptop wont turn on');
    expect(texts(replies)).not.toMatch(/None of our technicians is signed in|connect you with|call you back/);
    expect(data(lastOf(replies)).step).toMatchObject({ flow: expect.stringMatching(/^computer-/) });
  });

  // "call apple support" made it a security report: the scam's steps and a high-priority escalation.
  it.each([
    ['i need to call apple support', 'Apple', 'support.apple.com'],
    ['whats the number for apple support', 'Apple', 'support.apple.com'],
    ['how do i contact microsoft support', 'Microsoft', 'support.microsoft.com'],
  ])('%j is told we are not the vendor, where its official support is, and that a technician of ours can help', async (said, vendor, site) => {
    const replies = await bot.conversation().say(said);
    expect(texts(replies)).toContain(`We're Brightside Tech Support, not ${vendor}, so I can't put you through to them. ${vendor}'s official support is on their website, ${site}`);
    expect(texts(replies)).not.toMatch(/This is a scam|call you back|connect you with/);
    expect(lastOf(replies).suggestedActions?.actions.map((a) => a.title)).toEqual(['Talk to a technician']);
  });

  it('"a pop up said to call apple support" is still the scam', async () => {
    expect(texts(await bot.conversation().say('a pop up said to call apple support'))).toMatch(/^This is a scam/m);
  });

  it('"i called support yesterday and my laptop is still slow" tells of an earlier call: a guide for the laptop, with no handoff', async () => {
    const replies = await bot.conversation().say('i called support yesterday and my laptop is still slow');
    expect(texts(replies)).not.toMatch(/None of our technicians is signed in|connect you with|call you back/);
    // "called" once matched the scam guide's "call microsoft": the slow laptop's guide, not the pop-ups one.
    expect(data(lastOf(replies)).step).toMatchObject({ flow: 'computer-slow' });
  });

  it('"i spoke to a technician last week and my printer still wont print" tells of an earlier call: the printer guides, with no handoff', async () => {
    const replies = await bot.conversation().say('i spoke to a technician last week and my printer still wont print');
    expect(texts(replies)).not.toMatch(/None of our technicians is signed in|connect you with|call you back/);
    expect(lastOf(replies).suggestedActions?.actions.map((a) => a.title)).toContain('Printer shows as offline');
  });

  it.each(['I want to call support', 'can I talk to someone'])('"%s" still starts a handoff', async (text) => {
    expect(texts(await bot.conversation().say(text))).toMatch(/None of our technicians is signed in|connect you with one of our technicians|call you back/);
  });

  it.each(['i dont want to talk to a person', "i don't want a technician", 'no need for a person, thanks'])('"%s" alone is told the bot will help, with no handoff', async (text) => {
    const replies = await bot.conversation().say(text);
    expect(texts(replies)).toMatch(/you don't need to talk to anyone: I can help with most things myself/);
    expect(texts(replies)).not.toMatch(/None of our technicians is signed in|connect you with|call you back|not something I can help with|Goodbye/);
  });

  it('at a step, "i dont want to talk to a person" hands nothing over: the step is asked again', async () => {
    const user = await inPrinterFlow();
    const replies = texts(await user.say('i dont want to talk to a person'));
    expect(replies).not.toMatch(/None of our technicians is signed in|connect you with|call you back/);
    expect(replies).toMatch(/how did it go/);
  });

  it.each(['is there someone who can fix my laptop', 'do you have staff who can fix a laptop', 'is there anyone who can help with my printer'])(
    'asked "%s", says yes and offers a technician or a guide; each leads where it says',
    async (text) => {
      const user = bot.conversation();
      const asked = await user.say(text);
      expect(texts(asked)).toMatch(/Yes, a technician can help with that/);
      expect(lastOf(asked).suggestedActions?.actions.map((a) => a.title)).toEqual(['Talk to a technician', 'Try a guide first']);
      expect(texts(await user.say('Try a guide first'))).toMatch(/guide|step by step/);
      const again = bot.conversation();
      await again.say(text);
      expect(texts(await again.say('Talk to a technician'))).toMatch(/None of our technicians is signed in|connect you with one of our technicians/);
    },
  );

  it.each(['is there someone who can help with my bill', 'can someone help me with my bill'])('asked "%s", goes to billing, not to a technician', async (text) => {
    const replies = texts(await bot.conversation().say(text));
    expect(replies).toMatch(/Here are our plans/);
    expect(replies).not.toMatch(/technician/);
  });

  // The plans were listed again, nothing was passed on, and "yes" next was "not something I can help with".
  it('"i want to switch to it" after "how much is the annual plan" asks the billing team for that plan, and "yes" next answers what was asked', async () => {
    const user = bot.conversation();
    await user.say('how much is the annual plan');
    const switched = texts(await user.say('i want to switch to it'));
    expect(switched).toMatch(/^You'd like to switch to:\n- Annual subscription/);
    expect(switched).toMatch(/our billing team/);
    const yes = texts(await user.say('yes'));
    expect(yes).not.toMatch(/not something I can help with/);
    expect(yes).toMatch(/billing team|call|email/i);
  });

  it.each(['do you have technicians?', 'does your company have technicians', 'do you guys have real people', 'are there humans working there'])('asked "%s" with no device, says yes and starts the handoff', async (text) => {
    const replies = texts(await bot.conversation().say(text));
    expect(replies).toMatch(/^Yes, our technicians can help\.\n(?:.*\n)*.*(?:None of our technicians is signed in|connect you with one of our technicians)/m);
  });

  it('at a step, a request the router is certain of opens at once', async () => {
    const user = await inPrinterFlow();
    expect(data(lastOf(await user.say('delete my data'))).expects).toBe('email');
  });

  it.each(['hold on let me go check', 'ok one sec'])('at a step, "%s" is a pause, not a pick of option one', async (text) => {
    const user = await inPrinterFlow();
    expect(texts(await user.say(text))).toMatch(/^Take your time/);
  });

  it.each(['doing it now', 'hold on let me go check', 'ok one sec', 'i think so'])('at a step, "%s" neither stops the flow nor asks for a person', async (answer) => {
    const user = await inPrinterFlow();
    const replies = await user.say(answer);
    expect(texts(replies)).not.toMatch(/stopped that|connect you|call you back|outside those hours/i);
    expect(data(lastOf(replies))).toMatchObject({ expects: 'choice' });
    expect(texts(await user.say('Still offline'))).toMatch(/How is the printer connected/);
  });

  it('"what do you mean?" at a step is told what the step is for, not what the bot can do; the step is asked again', async () => {
    const user = await inPrinterFlow();
    const replies = await user.say('what do you mean?');
    expect(texts(replies)).toMatch(/^This step is one of the things that most often fixes this problem: try it/m);
    expect(texts(replies)).not.toMatch(/Here's what I can do/);
    expect(data(lastOf(replies)).step).toMatchObject({ stepId: 'power-cycle' });
  });

  it('"how do I do that?" at a step says there is no more detail and how to reach a person; where the step offers "I can\'t find that", it picks that', async () => {
    const user = await inPrinterFlow();
    const stuck = await user.say('how do i do that?');
    expect(texts(stuck)).toMatch(/^I don't have more detail than that for this step/m);
    expect(texts(stuck)).not.toMatch(/Here's what I can do/);
    expect(data(lastOf(stuck)).step).toMatchObject({ stepId: 'power-cycle' });
    await user.say('Still offline');
    await user.say('Wi-Fi');
    const picked = await user.say("i don't know how");
    expect(texts(picked)).not.toMatch(/more detail/);
    expect(data(lastOf(picked)).step?.stepId).not.toBe('same-network');
  });

  it('"no wait, I just want to cancel my subscription" at a deletion request replaces it: closed with a receipt, not asked for again', async () => {
    const user = bot.conversation();
    const opened = await user.say('i want to delete my account');
    const deletion = opened.map((a) => data(a).request).find(Boolean);
    expect(deletion).toMatchObject({ type: 'deletion' });
    const replaced = await user.say('no wait, i just want to cancel my subscription');
    expect(texts(replaced)).toContain(`I've closed request ${deletion?.id}`);
    expect(texts(replaced)).toMatch(/Cancelling stops future renewals/);
    const after = await user.say('No thanks');
    expect(after.some((a) => data(a).expects === 'email')).toBe(false);
  });

  it('"actually, ..." takes nothing back: the flow resumes after the request', async () => {
    const user = await inPrinterFlow();
    let replies = await user.say('actually, stop emailing me offers');
    // Applied at once; an address to put on the do-not-market list may be asked after.
    expect(replies.some((r) => data(r).request?.type === 'opt_out')).toBe(true);
    if (data(lastOf(replies)).expects === 'email') replies = await user.say('jane@example.com');
    expect(data(lastOf(replies)).step).toMatchObject({ flow: 'printer-offline', stepId: 'power-cycle' });
  });

  it('cancel in the middle of a flow stops it', async () => {
    const user = await inPrinterFlow();
    expect(texts(await user.say('cancel'))).toMatch(/I've stopped that/);
    expect(texts(await user.say('hi'))).toMatch(/What can I help you with today/);
  });

  it('"stop emailing me" in the middle of a flow is handled, then the flow resumes at the same step', async () => {
    const user = await inPrinterFlow();
    const optOut = await user.say('stop emailing me offers');
    expect(optOut.some((r) => data(r).request?.type === 'opt_out')).toBe(true);
    let replies = optOut;
    if (data(lastOf(optOut)).expects === 'email') replies = await user.say('jane@example.com');
    expect(data(lastOf(replies)).step).toMatchObject({ flow: 'printer-offline', stepId: 'power-cycle' });
  });

  it('a billing question in the middle of a flow is answered, then the flow resumes at the same step', async () => {
    const user = await inPrinterFlow();
    const replies = await user.say('what plans do you have');
    expect(texts(replies)).toMatch(/Annual subscription/); // the plans from the company's billing rules
    expect(texts(replies)).not.toMatch(/Please pick one of the options/);
    expect(data(lastOf(replies)).step).toMatchObject({ flow: 'printer-offline', stepId: 'power-cycle' });
    expect(data(lastOf(await user.say('Still offline'))).step).toMatchObject({ stepId: 'connection-type', n: 2 });
  });

  it('"actually can i get a refund instead" at a step goes to the refund questions (it was asked "which of these do you mean?"), and the flow resumes after', async () => {
    const user = await inPrinterFlow();
    const replies = await user.say('actually can i get a refund instead');
    expect(texts(replies)).toMatch(/Which plan do you have\?/);
    expect(texts(replies)).not.toMatch(/which of these do you mean/);
    await user.say("I'm not sure");
    const declined = await user.say('No thanks');
    expect(data(lastOf(declined)).step).toMatchObject({ flow: 'printer-offline', stepId: 'power-cycle' });
  });

  it.each(['can i cancel anytime?', 'cancel anytime?'])('%j at a step is answered with the terms of cancelling (it was asked "which of these?" or stopped the flow), and the flow resumes', async (text) => {
    const user = await inPrinterFlow();
    const replies = await user.say(text);
    expect(texts(replies)).toMatch(/You can cancel a subscription at any time/);
    expect(texts(replies)).not.toMatch(/which of these do you mean|I've stopped that/);
    expect(data(lastOf(replies)).step).toMatchObject({ flow: 'printer-offline', stepId: 'power-cycle' });
  });

  // "monthly" read as billing (0.88) and showed the plans before the step's question; "twice" and
  // "every month" (how often something happens) read as billing too.
  it.each(['monthly', 'twice', 'every month', 'premium'])('"%s" at the Windows-or-Mac question is no billing question: the step asks again, without the plans', async (text) => {
    const user = bot.conversation();
    const started = await user.say('my laptop is slow');
    expect(data(lastOf(started)).step).toMatchObject({ flow: 'computer-slow', stepId: 'which-os' });
    const replies = await user.say(text);
    expect(texts(replies)).not.toMatch(/Here are our plans/);
    expect(data(lastOf(replies)).step).toMatchObject({ flow: 'computer-slow', stepId: 'which-os' });
  });

  it.each(['refund', 'what plans do you have'])('"%s" at the Windows-or-Mac question is still a billing question', async (text) => {
    const user = bot.conversation();
    await user.say('my laptop is slow');
    expect(texts(await user.say(text))).toMatch(/Which plan do you have\?|Here are our plans/);
  });

  it('a charge disputed in the middle of a flow, with a card number in it, goes to the billing team without the number', async () => {
    const user = await inPrinterFlow();
    const replies = await user.say('my card 4111 1111 1111 1111 was charged twice this month');
    expect(texts(replies)).toMatch(/removed a card number/);
    expect(texts(replies)).toMatch(/billing team/);
    expect(withoutIds(replies)).not.toContain('4111');
  });

  it('an answer that matches an offered choice is not taken as an interruption ("I cant find that")', async () => {
    const user = await inPrinterFlow();
    await user.say('Still offline');
    await user.say('Wi-Fi');
    const replies = await user.say('I cant find that');
    expect(data(lastOf(replies)).step).toMatchObject({ stepId: 'restart-router' });
  });

  it('asks which of two intents is meant when it cannot tell, and follows the choice', async () => {
    const user = bot.conversation();
    const replies = await user.say('cancel my subscription and delete my account');
    const question = lastOf(replies);
    expect(question.text).toMatch(/which of these do you mean/);
    expect(data(question).expects).toBe('choice');
    const options = question.suggestedActions!.actions.map((a) => String(a.title));
    expect(options).toHaveLength(2);
    const billing = options.find((o) => /billing/i.test(o));
    expect(billing).toBeDefined();
    expect(texts(await user.say(billing!))).toMatch(/billing team/);
  });

  // "Please pick one of the options, or tell me in other words": other words were only ever asked
  // again, so "thanks bye" or the problem itself typed at the question went nowhere.
  it.each([
    ['thanks bye', /Glad I could help/, undefined],
    ['my printer says offline', /Printer shows as offline/, 'printer-offline'],
  ])('at "which of these do you mean?", %j is taken in other words', async (typed, reply, flow) => {
    const user = bot.conversation();
    expect(texts(await user.say('still nothing'))).toMatch(/which of these do you mean/);
    const replies = await user.say(typed);
    expect(texts(replies)).not.toMatch(/Please pick one of the options/);
    expect(texts(replies)).toMatch(reply);
    if (flow) expect(data(lastOf(replies)).step).toMatchObject({ flow, n: 1 });
  });

  // A bill named at "Plans, billing and refunds or Fix a device problem?" was read as a billing
  // question interrupting it: answered, and then the same question asked again.
  it.each([
    ['refund', /Which plan do you have\?/, ["I'm not sure", 'No thanks']],
    ['my bill', /Here are our plans/, []],
    ['charged twice', /I'm sorry about the charge/, ['No thanks']],
  ])('at "which of these do you mean?" with billing offered, %j picks billing and takes up what it says', async (typed, reply, rest) => {
    const user = bot.conversation();
    const question = lastOf(await user.say('my phone bill is too high'));
    expect(question.text).toMatch(/which of these do you mean/);
    expect(question.suggestedActions!.actions.map((a) => a.title)).toContain('Plans, billing and refunds');
    const replies = await user.say(typed);
    expect(texts(replies)).toMatch(reply);
    expect(texts(replies)).not.toMatch(/which of these do you mean|Please pick one of the options/);
    // Nothing waits underneath: once the billing request is over, the old question does not come back.
    for (const said of rest) expect(texts(await user.say(said))).not.toMatch(/which of these do you mean/);
  });

  it('at "which of these do you mean?", a bill named beside a fault is asked again, not taken as billing', async () => {
    const user = bot.conversation();
    await user.say('my phone bill is too high');
    expect(texts(await user.say('my printer is broken and i want a refund'))).toMatch(/Please pick one of the options, or tell me in other words/);
  });

  it('at "which of these do you mean?", words it cannot read surely are asked again', async () => {
    const user = bot.conversation();
    await user.say('still nothing');
    expect(texts(await user.say('hmm'))).toMatch(/Please pick one of the options, or tell me in other words/);
  });

  it('a laptop with coffee spilled on it goes to a technician as liquid damage, with the device and the words', async () => {
    const user = bot.conversation();
    expect(texts(await user.say('i spilled coffee on my laptop'))).toMatch(/Liquid inside a device/);
    expect(texts(await user.say('yes'))).toMatch(/None of our technicians is signed in/);
    await user.say('Email me');
    expect(texts(await user.say('jo@example.com'))).toMatch(/opened ticket/);
    const handoffs = await new HandoffRepository(bot.app.store, 3600).listActive();
    expect(handoffs.find((h) => h.conversationId === user.conversationId)).toMatchObject({ reason: 'Liquid damage', device: 'computer', summary: 'i spilled coffee on my laptop' });
  });

  // It started "Laptop won't charge" ("plug the charger straight into a wall outlet").
  it('a sparking laptop charger goes to a technician with priority as a safety hazard, with the device and the words', async () => {
    const user = bot.conversation();
    expect(texts(await user.say('my laptop charger is sparking'))).toMatch(/That can be dangerous\./);
    await user.say('yes');
    await user.say('Email me');
    expect(texts(await user.say('jo@example.com'))).toMatch(/opened ticket/);
    const handoffs = await new HandoffRepository(bot.app.store, 3600).listActive();
    expect(handoffs.find((h) => h.conversationId === user.conversationId)).toMatchObject({
      reason: 'Safety hazard: sparks',
      priority: 'high',
      device: 'computer',
      summary: 'my laptop charger is sparking',
    });
  });

  it('smoke told at a step of a guide gets the safety advice and goes to a technician with priority', async () => {
    const user = bot.conversation();
    await user.say('my printer is offline');
    expect(texts(await user.say('theres smoke coming out of it'))).toMatch(/That can be dangerous\./);
    await user.say('Email me');
    expect(texts(await user.say('jo@example.com'))).toMatch(/opened ticket/);
    const handoffs = await new HandoffRepository(bot.app.store, 3600).listActive();
    expect(handoffs.find((h) => h.conversationId === user.conversationId)).toMatchObject({ reason: 'Safety hazard: smoke', priority: 'high', device: 'printer' });
  });

  it('offers a returning user to continue an unfinished flow in a new conversation', async () => {
    const first = await inPrinterFlow();
    await first.say('Still offline');
    const second = bot.conversation({ userId: first.user.id });
    const offer = await second.say('hi');
    // The step itself is named, not only its number: the user may not remember what step 2 was.
    expect(lastOf(offer).text).toMatch(/Last time we were working on "Printer shows as offline"\. We stopped at step 2: "How is the printer connected to your computer\?"/);
    const resumed = await second.say('Continue where we stopped');
    expect(data(lastOf(resumed)).step).toEqual({ flow: 'printer-offline', stepId: 'connection-type', n: 2 });
  });

  it('a returning user who chooses to start something new gets the problem they came with, and the old flow is not offered again', async () => {
    const first = await inPrinterFlow();
    await first.say('Still offline');
    const second = bot.conversation({ userId: first.user.id });
    expect(lastOf(await second.say('hi')).text).toMatch(/^Welcome back!/);
    await second.say('Start something new');
    expect(texts(await second.say('my phone wont charge'))).toMatch(/^Let's work through "Phone or tablet won't charge"/m);
    // Later the unfinished phone flow is offered, the declined printer one no more.
    const third = bot.conversation({ userId: first.user.id });
    const offered = texts(await third.say('hi'));
    expect(offered).toMatch(/Last time we were working on "Phone or tablet won't charge"/);
    expect(offered).not.toMatch(/Printer/);
  });

  // "my phone wont charge" was asked "continue the printer's guide?" first, though it is another device's problem.
  it('a returning user who opens with another problem gets its guide at once; the old one is offered when its problem is told again', async () => {
    const first = await inPrinterFlow();
    await first.say('Still offline');
    const second = bot.conversation({ userId: first.user.id });
    expect(texts(await second.say('my phone wont charge'))).toMatch(/^Let's work through "Phone or tablet won't charge"/m);
    // The printer's guide, behind the phone's newer one, is the one this problem continues.
    const third = bot.conversation({ userId: first.user.id });
    expect(lastOf(await third.say('my printer is still offline')).text).toMatch(/^Welcome back! Last time we were working on "Printer shows as offline"/);
  });

  it.each(['continue', 'yes please', 'carry on', 'contnue'])('"%s" at the offer to continue resumes the flow', async (answer) => {
    const first = await inPrinterFlow();
    await first.say('Still offline');
    const second = bot.conversation({ userId: first.user.id });
    await second.say('hi');
    expect(data(lastOf(await second.say(answer))).step).toEqual({ flow: 'printer-offline', stepId: 'connection-type', n: 2 });
  });

  it.each([
    ['its on wifi', 'Wi-Fi', 'same-network'],
    ['usb', 'USB cable', 'usb-check'],
  ])('the answer to the step where the user stopped ("%s"), typed at the offer, continues the flow with it', async (typed, label, next) => {
    const first = await inPrinterFlow();
    await first.say('Still offline');
    const second = bot.conversation({ userId: first.user.id });
    await second.say('hi');
    const replies = await second.say(typed);
    expect(texts(replies)).toContain(`OK, let's pick up "Printer shows as offline" where we stopped, with your answer: ${label}.`);
    expect(data(lastOf(replies)).step).toEqual({ flow: 'printer-offline', stepId: next, n: 3 });
    // Carried on, not declined: a later conversation still offers the flow.
    expect(texts(await bot.conversation({ userId: first.user.id }).say('hi'))).toMatch(/Last time we were working on "Printer shows as offline"/);
  });

  it.each(['still not working', 'the printer is still offline'])('"%s" at the offer continues the old flow at the same step instead of looking for a new guide', async (typed) => {
    const first = await inPrinterFlow();
    await first.say('Still offline');
    const second = bot.conversation({ userId: first.user.id });
    await second.say('hi');
    const replies = await second.say(typed);
    expect(texts(replies)).not.toMatch(/I don't have a guide/);
    expect(data(lastOf(replies)).step).toEqual({ flow: 'printer-offline', stepId: 'connection-type', n: 2 });
  });

  it.each(['nah different issue', 'no, its a different problem'])('"%s" at the offer starts fresh', async (typed) => {
    const first = await inPrinterFlow();
    await first.say('Still offline');
    const second = bot.conversation({ userId: first.user.id });
    await second.say('hi');
    expect(texts(await second.say(typed))).toMatch(/^OK, starting fresh/m);
  });

  it.each(["it's a diferent problem now", 'anotehr isue', 'somthing else', 'strat over'])('"%s", a decline with a typo, at the offer starts fresh, and the old flow is not offered again', async (typed) => {
    const first = await inPrinterFlow();
    await first.say('Still offline');
    const second = bot.conversation({ userId: first.user.id });
    await second.say('hi');
    expect(texts(await second.say(typed))).toMatch(/^OK, starting fresh/m);
    expect(texts(await bot.conversation({ userId: first.user.id }).say('hi'))).not.toMatch(/Last time we were working on/);
  });

  it('a new problem that shares a word with an answer of the old step ("my wifi keeps dropping" at "Wi-Fi or USB?") is started instead', async () => {
    const first = await inPrinterFlow();
    await first.say('Still offline');
    const second = bot.conversation({ userId: first.user.id });
    await second.say('hi');
    expect(data(lastOf(await second.say('my wifi keeps dropping'))).step).toMatchObject({ flow: 'network-slow-wifi' });
  });

  it('"continue" as the first message offers the unfinished flow; with none it says so', async () => {
    const first = await inPrinterFlow();
    await first.say('Still offline');
    expect(texts(await bot.conversation({ userId: first.user.id }).say('continue'))).toMatch(/Last time we were working on "Printer shows as offline"/);
    expect(texts(await bot.conversation().say('continue'))).toMatch(/^I don't have anything unfinished of yours to continue/m);
  });

  it('a new problem typed at the offer to continue is started instead', async () => {
    const first = await inPrinterFlow();
    await first.say('Still offline');
    const second = bot.conversation({ userId: first.user.id });
    await second.say('hello');
    expect(data(lastOf(await second.say('actually my roku keeps buffering'))).step).toMatchObject({ flow: 'tv-buffering', n: 1 });
  });
});

describe('after a restart', () => {
  it('a troubleshooting flow continues at the step where it was', async () => {
    const flow = getFlow(loadFlows('content/flows'), 'tv-buffering')!;
    const dataDir = tempDir('helpline-restart-');
    const first = await startTestBot({ dataDir });
    const user = first.conversation();
    await user.say('roku keeps buffering');
    // "Which device are you streaming on?" is answered by the opening's "roku": the Roku's network check.
    const before = data(lastOf(await user.say('Still buffering'))).step!;
    expect(before).toMatchObject({ flow: 'tv-buffering', stepId: 'roku-network', n: 3 });
    await first.close();

    const second = await startTestBot({ dataDir: first.dataDir });
    try {
      const step = flow.steps[before.stepId] as { options: { label: string; next: string }[] };
      const choice = step.options[step.options.length - 1];
      const again = second.conversation({ userId: user.user.id, conversationId: user.conversationId });
      const replies = await again.say(choice.label);
      const shown = replies.map((r) => data(r).step).filter(Boolean);
      expect(shown[0]).toEqual({ flow: 'tv-buffering', stepId: choice.next, n: 4 });
    } finally {
      await second.close();
    }
  });
});

afterAll(removeTempDirs);

// "which of these do you mean?" with no apology, and "both" there was "Please pick one".
describe('a repeat contact, and a pick of both', () => {
  // 2026-11-22 is a Sunday: 12:00 in New York, outside business hours.
  const SUNDAY_NOON_NY = Date.parse('2026-11-22T17:00:00Z');
  let bot: TestBot;
  beforeAll(async () => {
    bot = await startTestBot({ start: SUNDAY_NOON_NY });
  });
  afterAll(() => bot.close());

  it('"this is the THIRD time im contacting you ... or i want a refund" gets an apology and a technician at once, then the refund', async () => {
    const user = bot.conversation();
    const replies = texts(await user.say('this is the THIRD time im contacting you people. my printer STILL doesnt work. fix it or i want a refund'));
    expect(replies).toMatch(/^I'm sorry you've had to contact us about this again\.\nI'll pass this to a technician straight away, and then we'll look at your refund\./m);
    expect(replies).toMatch(/Would you like a technician to call you back, or to email you/);
    expect(replies).not.toMatch(/which of these do you mean/);
    await user.say('Email me');
    const opened = texts(await user.say('ann@example.org'));
    expect(opened).toMatch(/I've opened ticket T-/);
    expect(opened).toMatch(/Which plan do you have\?/);
  });

  it('"both" at "which of these do you mean?" takes up the first, then the other', async () => {
    const user = bot.conversation();
    expect(texts(await user.say('my printer STILL doesnt work. fix it or i want a refund'))).toMatch(/which of these do you mean\?/);
    const both = await user.say('both');
    expect(texts(both)).toMatch(/^OK, let's do both: first "Fix a device problem", then "Plans, billing and refunds"\./);
    expect(texts(both)).not.toMatch(/Please pick one/);
    await user.say('Printer shows as offline');
    expect(texts(await user.say('That worked'))).toMatch(/Which plan do you have\?/);
  });
});

// The opt-out was done and the problem beside it never came up again.
describe('an opt-out beside a device problem in one message', () => {
  let bot: TestBot;
  beforeAll(async () => {
    bot = await startTestBot();
  });
  afterAll(() => bot.close());

  it('"my printer keeps jamming and also stop sending me marketing emails" stops the emails first, then offers the jam\'s guide', async () => {
    const user = bot.conversation();
    const replies = texts(await user.say('my printer keeps jamming and also stop sending me marketing emails'));
    expect(replies).toMatch(/^You asked for two things: first I stop what you asked me to stop, then we'll look at "Printer paper jam"\.$/m);
    expect(replies).toMatch(/Done, effective now\. I've turned off:\n• marketing emails/);
    const skipped = await user.say('skip');
    expect(lastOf(skipped).text).toBe('You also mentioned "Printer paper jam". Shall we look at that now?');
    expect(data(lastOf(await user.say('yes'))).step?.flow).toBe('printer-paper-jam');
  });

  it('"stop sending me promo emails. also my tv has no sound" offers the TV\'s guide once the opt-out is done', async () => {
    const user = bot.conversation();
    expect(texts(await user.say('stop sending me promo emails. also my tv has no sound'))).toMatch(/then we'll look at "No sound from the TV"\./);
    expect(lastOf(await user.say('skip')).text).toBe('You also mentioned "No sound from the TV". Shall we look at that now?');
  });
});

// A bill beside a device problem was asked "which of these do you mean?", and the other half never offered after.
describe('a bill beside a device problem in one message', () => {
  // 2026-11-22 is a Sunday: 12:00 in New York, outside business hours.
  const SUNDAY_NOON_NY = Date.parse('2026-11-22T17:00:00Z');
  let bot: TestBot;
  beforeAll(async () => {
    bot = await startTestBot({ start: SUNDAY_NOON_NY });
  });
  afterAll(() => bot.close());

  it('"i was charged twice and my printer is offline" takes up the charge first, then offers the printer\'s guide', async () => {
    const user = bot.conversation();
    const replies = texts(await user.say('i was charged twice and my printer is offline'));
    expect(replies).toMatch(/^You asked for two things: first I take up the billing side, then we'll look at "Printer shows as offline"\.\nI'm sorry about the charge\./m);
    expect(replies).not.toMatch(/which of these do you mean/);
    const declined = await user.say('No thanks');
    expect(lastOf(declined).text).toBe('You also mentioned "Printer shows as offline". Shall we look at that now?');
    expect(data(lastOf(await user.say('yes'))).step?.flow).toBe('printer-offline');
  });

  it('"i want a refund and my laptop is slow" takes up the refund first', async () => {
    const replies = texts(await bot.conversation().say('i want a refund and my laptop is slow'));
    expect(replies).toMatch(/^You asked for two things: first I take up your refund, then we'll look at "Computer is slow"\.\n.*Which plan do you have\?/m);
  });

  // It said "then we'll look at the problem you mentioned", naming neither, and "two things" of three.
  it('"my wifi is slow and my phone wont charge and i was charged twice" names both problems to come after the charge', async () => {
    const replies = texts(await bot.conversation().say('my wifi is slow and my phone wont charge and i was charged twice'));
    expect(replies).toMatch(/^You asked for three things: first I take up the billing side, then we'll look at "Slow or dropping Wi-Fi" and "Phone or tablet won't charge"\.$/m);
  });

  it('a repeat contact with a refund beside the problem still gets the technician first, then the refund', async () => {
    const replies = texts(await bot.conversation().say('this is the third time im contacting you. my printer still doesnt work and i want a refund'));
    expect(replies).toMatch(/I'll pass this to a technician straight away, and then we'll look at your refund\./);
    expect(replies).not.toMatch(/You asked for two things/);
  });

  // The plans are told at once, and the bill's dialog ends in the same turn.
  it('"how much is the annual plan and my tv has no sound" tells the plans, then offers the TV\'s guide in the same turn', async () => {
    const replies = await bot.conversation().say('how much is the annual plan and my tv has no sound');
    expect(texts(replies)).toMatch(/Here are our plans/);
    expect(lastOf(replies).text).toBe('You also mentioned "No sound from the TV". Shall we look at that now?');
  });
});
