import { describeHours } from '../../src/services/handoff/business-hours';
import { asksWhatIsMeant, contactsAgain, smallTalk } from '../../src/dialogs/small-talk';

const context = { company: 'Brightside Tech Support', technicianHours: 'Mon–Fri 08:00–20:00 (America/New York time)' };

describe('smallTalk: what is neither a request nor an answer', () => {
  it.each(['hold on', 'Hang on please', 'wait', 'one sec', 'just a moment...', 'give me a minute', 'brb', 'please hold', 'bear with me!', 'hold on let me go check', "ok hang on, I'll try that now", 'one sec let me look'])('"%s" is a pause', (text) => {
    expect(smallTalk(text, context)).toEqual({ text: "Take your time: I'll be here when you're ready.", pause: true });
  });

  it.each(['are you a bot', 'r u human?', 'Are you a real person?', 'am i talking to a bot', "I'm chatting with a robot?", 'is this a real person', 'is this chatgpt?', 'are you automated', 'am I talking to a live person', 'is it an AI?', 'is this an automated reply', 'are you a bot or a real person?', 'is this a bot or a human', 'am i talking to a person or a bot?', 'are you a real person or are you a bot'])('"%s" is asked whether the bot is a person', (text) => {
    const reply = smallTalk(text, context);
    expect(reply?.text).toMatch(/^I'm Brightside Tech Support's virtual assistant: a program, not a person/);
    expect(reply?.suggestions).toEqual(['Talk to a technician']);
  });

  it.each(['you are useless', "you're rubbish", 'this is not helping', "that's not helpful", 'ugh this is so frustrating', 'this bot sucks', 'so frustrated'])(
    '"%s" gets an apology and the way to a technician',
    (text) => {
      expect(smallTalk(text, context)).toEqual({ text: `I'm sorry this hasn't helped yet. A technician can take over whenever you like; just say "talk to a technician".`, suggestions: ['Talk to a technician'] });
    },
  );

  it.each(['your service is garbage. wtf', 'stupid bot', 'this is a joke!', 'what a useless bot', 'ffs', 'your support is the worst', 'seriously? this is pointless'])(
    '"%s", annoyance at us in other words, gets the apology too',
    (text) => {
      expect(smallTalk(text, context)?.text).toMatch(/^I'm sorry this hasn't helped yet/);
    },
  );

  it.each(['my printer is garbage', 'the screen is awful', 'stupid printer wont print', 'wtf is wrong with my wifi'])('"%s" tells of a device, not annoyance at us', (text) => {
    expect(smallTalk(text, context)).toBeUndefined();
  });

  it('annoyance while a person is being arranged or awaited offers no technician again', () => {
    expect(smallTalk('this is ridiculous', { ...context, questionOpen: true, personUnderway: true })).toEqual({ text: "I'm sorry about this. I'm passing it to a person now." });
    expect(smallTalk('ugh this is so frustrating', { ...context, questionOpen: true, inQueue: true })).toEqual({
      text: "I'm sorry for the wait. You're still in the queue, and a technician will be with you as soon as one is free.",
    });
  });

  it.each(['😡', '😡😡😡', '🤬', '👎', '👎🏽', '😭 😭'])('"%s" alone is annoyance too', (text) => {
    expect(smallTalk(text, context)?.text).toMatch(/^I'm sorry this hasn't helped yet/);
  });

  it.each(['i give up', "ok I'm giving up", 'fine, i give up'])('"%s" is annoyance too', (text) => {
    expect(smallTalk(text, context)?.text).toMatch(/^I'm sorry this hasn't helped yet/);
  });

  it.each(['what do you mean?', "I don't understand", 'huh?', 'sorry, what does that mean', '??', "i'm confused", 'i dont know what that is', 'idk what that means', 'no idea what that means', "what's that?", 'what do you mean by adapter'])('"%s" while a question is open is told how to answer it', (text) => {
    expect(smallTalk(text, { ...context, questionOpen: true })?.text).toBe(
      `Sorry, I didn't explain that well, and I can't put it another way. Pick the answer that fits best, or say "talk to a technician" and a person will take it from here.`,
    );
    expect(smallTalk(text, context)).toBeUndefined(); // with nothing asked, the router answers (help)
  });

  it.each(['what?', 'huh?', 'what do you mean', "I don't understand"])('%j reads as not following the question, which a typed question answers itself', (text) => {
    expect(asksWhatIsMeant(text)).toBe(true);
  });

  it.each(['what is the wifi password', 'jo@example.com', '415 555 0123'])('%j is no "what do you mean"', (text) => {
    expect(asksWhatIsMeant(text)).toBe(false);
  });

  it.each(['how do i do that?', "I don't know how", 'not sure how to do that', 'where is that?', 'where is that button?', 'wheres the input button', 'how do i check that', 'i dont have that option', "I don't see the storage setting"])('"%s" while a question is open is told there is no more detail, and the way to a person', (text) => {
    expect(smallTalk(text, { ...context, questionOpen: true })?.text).toMatch(/^I don't have more detail than that for this step/);
    expect(smallTalk(text, context)).toBeUndefined();
  });

  it.each(['how do i find my router?', 'where is the router', 'wheres my wifi router', 'what is a modem?', 'which one is the router', 'i dont know where my router is', 'sorry how do i know which is the router', 'what do u mean by router', 'what do you mean by the router?', 'what does modem mean'])('"%s" at a step is told what and where the router is', (text) => {
    expect(smallTalk(text, { ...context, questionOpen: true })?.text).toMatch(/^The router is the box that makes your Wi-Fi/);
    expect(smallTalk(text, context)).toBeUndefined();
  });

  it.each(['where is the power button', 'how do i find my model number', 'my router is dead'])('"%s" is no question about the router', (text) => {
    expect(smallTalk(text, { ...context, questionOpen: true })?.text ?? '').not.toMatch(/router is the box/);
  });

  it.each(['hello?', 'are you still there', 'anyone there?'])('"%s" is told the bot is here', (text) => {
    expect(smallTalk(text, { ...context, questionOpen: true })?.text).toBe("Yes, I'm here.");
    expect(smallTalk(text, context)?.text).toBe("Yes, I'm here. What can I help you with?");
  });

  it.each(['👍', '🙂', '😡 my printer is broken again'])('"%s" is not', (text) => {
    expect(smallTalk(text, context)).toBeUndefined();
  });

  it.each(['what are your opening hours', 'business hours?', 'when are you open', 'what time do you close'])('"%s" gets the technicians\' hours', (text) => {
    expect(smallTalk(text, context)?.text).toBe(
      "Our technicians work Mon–Fri 08:00–20:00 (America/New York time). I'm here any time, and outside those hours I can arrange a call back or an email.",
    );
  });

  // It said "Our technicians work no regular hours. I'm here any time, and outside those hours ...".
  it.each(['what are your opening hours', 'when are you open'])('"%s" with no business hours configured (days: {}) is told there are none set', (text) => {
    const technicianHours = describeHours({ timeZone: 'America/New_York', days: {} });
    expect(smallTalk(text, { ...context, technicianHours })?.text).toBe(
      "We don't have set opening hours. I'm here any time, and when none of our technicians is available I can arrange a call back or an email.",
    );
  });

  it.each(['bye', 'ok bye for now', 'gotta go', 'i have to go now', "I'll finish this later", 'talk later'])('"%s" at a pick or yes/no leaves the question open for later', (text) => {
    expect(smallTalk(text, { ...context, questionOpen: true, pickOpen: true })).toEqual({
      text: "OK, bye for now! When you're back, just answer my last question and we'll carry on from there.",
      pause: true,
    });
    // At a question for details a goodbye skips an optional one (field-collection); with nothing open, the router answers it.
    expect(smallTalk(text, { ...context, questionOpen: true })).toBeUndefined();
    expect(smallTalk(text, context)).toBeUndefined();
  });

  it.each(['hi again', 'hello', "I'm back", 'ok im back', 'hey there, i am back'])('"%s" at an open question is welcomed back to it', (text) => {
    expect(smallTalk(text, { ...context, questionOpen: true })).toEqual({ text: 'Welcome back!' });
    expect(smallTalk(text, context)).toBeUndefined();
  });

  it.each(['thanks, bye', 'hi, my printer is offline'])('"%s" is more than a goodbye or a greeting: left to the question and the router', (text) => {
    expect(smallTalk(text, { ...context, questionOpen: true, pickOpen: true })).toBeUndefined();
  });

  it('says nothing about hours it was not given', () => {
    expect(smallTalk('what are your opening hours', { company: 'X' })).toBeUndefined();
  });

  it.each([
    'wait, I typed the wrong email',
    'hold on my printer is beeping',
    'are you a bot i want a person',
    'is my data safe',
    'the printer says wait',
    'what hours does the shop open on sunday for returns',
    // How people report a broken device, not annoyance at the bot.
    "it's not working",
    'this is not working',
    'the printer is useless',
  ])('leaves "%s" to the router: only whole messages count', (text) => {
    expect(smallTalk(text, context)).toBeUndefined();
  });
});

describe('contactsAgain', () => {
  it.each(['this is the THIRD time im contacting you people. my printer STILL doesnt work', "second time i'm writing about this", "i've already contacted you about this", 'i have called you 3 times about this', 'i contacted support twice already'])('%j is a repeat contact', (text) => {
    expect(contactsAgain(text)).toBe(true);
  });

  it.each(['my printer is offline', 'it worked the second time', 'i restarted it three times', 'this is my first time contacting you'])('%j is not', (text) => {
    expect(contactsAgain(text)).toBe(false);
  });
});
