import { loadFlows } from '../../../src/services/troubleshooting/flow-loader';
import {
  FlowEngineError,
  FlowProgressSchema,
  advance,
  answeredByOpening,
  answeredInWords,
  namedInWords,
  caseSummary,
  currentStep,
  flowStatus,
  isFinished,
  startFlow,
  stepRef,
  type FlowProgress,
} from '../../../src/services/troubleshooting/troubleshoot-engine';
import { CONTENT_FLOWS, fixtureDir } from './fixture-paths';

const fixture = loadFlows(fixtureDir('valid'));
const content = loadFlows(CONTENT_FLOWS);

// Bot state is serialised between turns and across restarts; nothing may depend on object identity.
const throughStorage = (p: FlowProgress): FlowProgress => FlowProgressSchema.parse(JSON.parse(JSON.stringify(p)));

describe('troubleshoot engine', () => {
  it('starts at the start step as step 1 and lists its choices', () => {
    const progress = startFlow(fixture, 'fixture-valid');
    expect(progress).toEqual({ flowId: 'fixture-valid', stepId: 'first', n: 1, history: [] });
    const step = currentStep(fixture, progress);
    expect(step).toMatchObject({ flowId: 'fixture-valid', stepId: 'first', n: 1, options: ['Yes', 'No'] });
    expect(step.step.text).toBe('Is there paper stuck in the printer?');
    expect(stepRef(progress)).toEqual({ flow: 'fixture-valid', stepId: 'first', n: 1 });
    expect(isFinished(fixture, progress)).toBe(false);
  });

  it('walks the happy path to a resolved ending and summarises it', () => {
    let progress = startFlow(fixture, 'fixture-valid');
    progress = throughStorage(advance(fixture, progress, 'Yes'));
    expect(stepRef(progress)).toEqual({ flow: 'fixture-valid', stepId: 'remove', n: 2 });
    progress = throughStorage(advance(fixture, progress, 'That worked'));
    expect(currentStep(fixture, progress)).toMatchObject({ stepId: 'fixed', n: 3, options: [] });
    expect(isFinished(fixture, progress)).toBe(true);
    expect(flowStatus(fixture, progress)).toBe('resolved');
    expect(caseSummary(fixture, progress)).toEqual({
      flowId: 'fixture-valid',
      device: 'printer',
      problem: 'Fixture printer jam',
      status: 'resolved',
      stepsTried: [
        { stepId: 'first', text: 'Is there paper stuck in the printer?', outcome: 'Yes' },
        { stepId: 'remove', text: 'Pull the paper out slowly with both hands.', outcome: 'That worked' },
      ],
    });
  });

  it('follows a branch to escalation and hands the technician the reason and every outcome', () => {
    let progress = startFlow(fixture, 'fixture-valid');
    progress = advance(fixture, progress, 'No');
    expect(progress.stepId).toBe('restart');
    progress = advance(fixture, progress, 'Still not working');
    expect(flowStatus(fixture, progress)).toBe('escalated');
    const summary = caseSummary(fixture, progress);
    expect(summary.status).toBe('escalated');
    expect(summary.escalationReason).toBe('Jam persists after clearing and restart.');
    expect(summary.stepsTried.map((s) => [s.stepId, s.outcome])).toEqual([
      ['first', 'No'],
      ['restart', 'Still not working'],
    ]);
  });

  it('summarises a flow abandoned half way as in progress', () => {
    const progress = advance(fixture, startFlow(fixture, 'fixture-valid'), 'Yes');
    expect(caseSummary(fixture, progress)).toMatchObject({ status: 'in_progress', stepsTried: [{ stepId: 'first', outcome: 'Yes' }] });
  });

  it('matches what the user typed to a choice regardless of case and spacing, recording the canonical label', () => {
    const progress = advance(fixture, startFlow(fixture, 'fixture-valid'), '  yes ');
    expect(progress.stepId).toBe('remove');
    expect(progress.history[0].outcome).toBe('Yes');
  });

  it('rejects a choice the step does not offer, saying which ones it does', () => {
    const progress = startFlow(fixture, 'fixture-valid');
    expect(() => advance(fixture, progress, 'Maybe')).toThrow(FlowEngineError);
    expect(() => advance(fixture, progress, 'Maybe')).toThrow('expected one of: Yes, No');
  });

  it('does not move past an ending', () => {
    const done = advance(fixture, advance(fixture, startFlow(fixture, 'fixture-valid'), 'Yes'), 'That worked');
    expect(() => advance(fixture, done, 'Yes')).toThrow(/already ended/);
  });

  it('fails clearly on an unknown flow or on progress from content that has since changed', () => {
    expect(() => startFlow(fixture, 'no-such-flow')).toThrow("unknown flow 'no-such-flow'");
    const stale = { flowId: 'fixture-valid', stepId: 'removed-step', n: 2, history: [] };
    expect(() => currentStep(fixture, stale)).toThrow(/has no step 'removed-step'/);
  });

  it('does not change the progress it is given (state is replaced, not mutated)', () => {
    const progress = startFlow(fixture, 'fixture-valid');
    const before = JSON.stringify(progress);
    advance(fixture, progress, 'Yes');
    expect(JSON.stringify(progress)).toBe(before);
  });

  it('passes a collect step on with whatever the device-info dialog reports', () => {
    let progress = startFlow(content, 'windows-update-error');
    const collect = currentStep(content, progress);
    expect(collect.step).toMatchObject({ kind: 'collect', fields: ['os_version'] });
    expect(collect.options).toEqual([]);
    progress = advance(content, progress, 'Windows 11 24H2');
    expect(stepRef(progress)).toEqual({ flow: 'windows-update-error', stepId: 'note-error', n: 2 });
    expect(progress.history[0].outcome).toBe('Windows 11 24H2');
    expect(advance(content, startFlow(content, 'windows-update-error'), '').history[0].outcome).toBe('Details provided');
  });

  // The code told at the version question was kept, and the next step still asked to find and note it.
  it.each([
    ['Details provided (osVersion, diagnostics, deviceId)', 'restart-retry'],
    ['Details provided (diagnostics, deviceId)', 'restart-retry'],
    ['Details provided (osVersion, deviceId)', 'note-error'],
    ['Skipped', 'note-error'],
  ])('the Windows Update guide, its version question answered %j, goes on to %s', (outcome, next) => {
    expect(advance(content, startFlow(content, 'windows-update-error'), outcome).stepId).toBe(next);
  });

  // "Offline" at "What does the printer show?" ran a short copy of the offline guide's checks.
  it('a goto step carries the case on at the start of the other guide, the steps tried so far kept apart by their guide', () => {
    const shows = startFlow(content, 'printer-wont-print');
    const offline = throughStorage(advance(content, shows, 'Offline'));
    expect(offline).toEqual({
      flowId: 'printer-offline',
      stepId: 'power-cycle',
      n: 2,
      history: [{ stepId: 'printer-wont-print/printer-shows', text: "Look at the printer's screen or lights. What does it show?", outcome: 'Offline' }],
    });
    expect(currentStep(content, offline)).toMatchObject({ flowId: 'printer-offline', stepId: 'power-cycle', n: 2, options: ['That worked', 'Still offline'] });
    const on = advance(content, offline, 'Still offline');
    expect(on.history.map((h) => h.stepId)).toEqual(['printer-wont-print/printer-shows', 'power-cycle']);
    expect(caseSummary(content, on)).toMatchObject({ flowId: 'printer-offline', device: 'printer', problem: 'Printer shows as offline', status: 'in_progress' });
    expect(advance(content, shows, 'Paper jam')).toMatchObject({ flowId: 'printer-paper-jam', stepId: content.flows['printer-paper-jam'].start, n: 2 });
    // On to a third guide: the first guide's steps keep their own guide's id.
    const wifi = advance(content, advance(content, on, 'Wi-Fi'), "It isn't connected");
    expect(wifi).toMatchObject({ flowId: 'printer-wifi-setup', stepId: 'prepare', n: 5 });
    expect(wifi.history.map((h) => h.stepId)).toEqual(['printer-wont-print/printer-shows', 'printer-offline/power-cycle', 'printer-offline/connection-type', 'printer-offline/same-network']);
  });

  it('numbers real content steps as the protocol example shows (paper jam, rear door is step 3)', () => {
    let progress = startFlow(content, 'printer-paper-jam');
    progress = advance(content, progress, 'Done');
    progress = advance(content, progress, 'Done');
    expect(stepRef(progress)).toEqual({ flow: 'printer-paper-jam', stepId: 'open-rear-door', n: 3 });
  });
});

describe('answeredInWords: the option a typed answer names in its own words', () => {
  const options = (flowId: string, stepId = 'what-happens') => {
    const step = content.flows[flowId].steps[stepId];
    return 'options' in step && step.options ? step.options : [];
  };

  it.each([
    // Every row names its step: jest reads a test function with more parameters than row values as one taking `done`.
    ['blue screen', 'computer-wont-boot', 'what-happens', 'A blue screen with an error'],
    ['nothing happens when i press power', 'computer-wont-boot', 'what-happens', 'Nothing: no lights, no fans'],
    ['it keeps restarting', 'computer-wont-boot', 'what-happens', 'It starts, then gets stuck or restarts over and over'],
    ['it says no boot device found', 'computer-wont-boot', 'what-happens', "A message like 'No boot device'"],
    ['its on the wifi', 'printer-offline', 'connection-type', 'Wi-Fi'],
    ['with a cable', 'printer-offline', 'connection-type', 'USB cable'],
    ["it's still offline", 'printer-offline', 'power-cycle', 'Still offline'],
  ])('"%s" at %s/%s names "%s"', (answer, flowId, stepId, label) => {
    expect(answeredInWords(options(flowId, stepId), answer)).toBe(label);
  });

  // Answers people give in their own words that the flows' `said` phrases cover (they were asked again).
  it.each([
    ["it's wired", 'printer-offline', 'connection-type', 'USB cable'],
    ['macbook', 'printer-offline', 'which-os', 'Mac'],
    ['apple', 'printer-offline', 'which-os', 'Mac'],
    ['just my phone', 'network-no-internet', 'scope', 'Only one device'],
    ['all of them', 'network-no-internet', 'scope', 'Every device'], // only common words: read word for word
    ['everything', 'network-no-internet', 'scope', 'Every device'],
    ['firestick', 'tv-buffering', 'which-device', 'Fire TV'],
    ['apple tv', 'tv-buffering', 'which-device', 'Something else (Chromecast, Apple TV, smart TV)'],
    ['samsung tv remote', 'tv-remote-pair', 'which-device', "The TV's own remote"],
    ['hotmail', 'email-sign-in', 'provider', 'Microsoft (Outlook, Hotmail, Live)'],
    ['aol', 'email-sign-in', 'provider', 'Someone else'],
    ['it got wet', 'phone-wont-charge', 'what-now', 'A liquid or moisture warning'],
    ['swollen', 'phone-wont-charge', 'what-now', 'The phone is swollen or very hot'],
    ['its slow', 'phone-wont-charge', 'what-now', 'It charges very slowly'],
    ['still not charging at all', 'phone-wont-charge', 'what-now', 'No sign of charging at all'],
    ['it stops at 80', 'phone-wont-charge', 'what-now', 'It stops at 80%'],
  ])('"%s" at %s/%s is "%s" by its said phrases', (answer, flowId, stepId, label) => {
    expect(answeredInWords(options(flowId, stepId), answer)).toBe(label);
  });

  it.each([
    ['not all of them', 'network-no-internet', 'scope'], // a word-for-word phrase is negated too
    ["it's not hot", 'phone-wont-charge', 'what-now'],
  ])('"%s" at %s/%s names no option', (answer, flowId, stepId) => {
    expect(answeredInWords(options(flowId, stepId), answer)).toBeUndefined();
  });

  // A said phrase typed as the whole message, though it is only a negation: it never matched.
  it.each(['nothing', 'Nothing.', 'nothing at all'])('"%s", the whole message, at computer-wont-boot is the "Nothing" option', (answer) => {
    expect(answeredInWords(options('computer-wont-boot'), answer)).toBe('Nothing: no lights, no fans');
  });

  it.each([
    ['its a dell', 'computer-wont-boot'], // names nothing
    ['i see an error message', 'computer-wont-boot'], // "error" and "message" point at two options
    ['not a blue screen', 'computer-wont-boot'], // negated
    ["it doesn't start", 'computer-wont-boot'], // negated, and "start" is not the "Nothing" option's
    ['no', 'computer-wont-boot'], // a bare "no" names no option, though one says "no lights"
  ])('"%s" at %s names no option', (answer, flowId) => {
    expect(answeredInWords(options(flowId), answer)).toBeUndefined();
  });

  it('namedInWords lists every option a mixed answer names, so the step can ask again', () => {
    const powerCycle = options('printer-offline', 'power-cycle');
    expect(namedInWords(powerCycle, 'it worked for a minute then went offline again')).toEqual(['That worked', 'Still offline']);
    expect(namedInWords(powerCycle, 'it worked, not offline any more')).toEqual(['That worked']);
    // "without" negates as "not" does (the step answers' list): it named the problem option too.
    expect(namedInWords(options('tv-buffering', 'roku-network'), "it's connected, looks fine without problems")).toEqual(['Connected, looks fine']);
  });

  it('reads the typo-corrected words too', () => {
    expect(answeredInWords(options('computer-wont-boot'), 'it keeps restartng')).toBeUndefined();
    expect(answeredInWords(options('computer-wont-boot'), ['it keeps restartng', 'keeps restarting'])).toBe('It starts, then gets stuck or restarts over and over');
  });
});

describe('answeredByOpening: a question the opening message already answers', () => {
  const question = (flowId: string) => currentStep(content, startFlow(content, flowId)).step;

  it.each([
    ['my mac is really slow', 'computer-slow', 'Mac'],
    ['my PC is slow', 'computer-slow', 'Windows PC'],
    ['my echo dot has an orange ring', 'smart-speaker-light-ring', 'Orange'],
    ["android phone says storage's full", 'phone-storage-full', 'Android'],
    ['my wifi is slow but only upstairs', 'network-slow-wifi', 'Only in some rooms'],
    ['Outlook.com emails missing', 'email-missing-mail', 'Outlook.com or Hotmail'],
    ['my smart tv is stuck on the logo', 'tv-wont-turn-on', 'It shows the logo, then restarts or freezes'],
    ['my wireless mouse stopped working', 'computer-accessory', 'A wireless or Bluetooth keyboard or mouse'],
    ['my webcam isnt working', 'computer-accessory', 'The camera (webcam)'],
    ['trackpad not working', 'computer-accessory', "The laptop's own keyboard or trackpad"],
    ['keyboard types the wrong letters', 'computer-accessory', 'Keys type the wrong letters or symbols'],
    ['my laptop is overheating and there is a burning smell', 'computer-overheating', 'Yes, smell, smoke or swelling'],
  ])('"%s" answers the first question of %s: %s', (opening, flowId, label) => {
    expect(answeredByOpening(question(flowId), opening)).toBe(label);
  });

  it.each([
    ['my echo has a red and orange light', 'smart-speaker-light-ring'], // two answers: ask
    ['my computer is slow', 'computer-slow'], // none
    ['macaroni on my keyboard', 'computer-slow'], // whole words only
    // Negated: these were "Yes, smell, smoke or swelling" and "A burning smell or smoke", a safety ending for nothing.
    ['my laptop is overheating but there is no smoke', 'computer-overheating'],
    ['my tv wont turn on, no burning smell', 'tv-wont-turn-on'],
  ])('"%s" leaves the question of %s to the user', (opening, flowId) => {
    expect(answeredByOpening(question(flowId), opening)).toBeUndefined();
  });

  it('reads every reading of the message it is given: a typo as typed, the word once corrected', () => {
    const where = question('network-slow-wifi');
    expect(answeredByOpening(where, 'my wifi keeps droping every few minuts')).toBeUndefined();
    expect(answeredByOpening(where, ['my wifi keeps droping every few minuts', 'wifi keeps dropping every few minutes'])).toBe('It keeps disconnecting');
    // Two readings pointing at two different answers are as unclear as one message naming both.
    expect(answeredByOpening(where, ['slow only upstairs', 'keeps dropping'])).toBeUndefined();
  });

  it('never answers an instruction step (what happened when the user tried it)', () => {
    const instruction = currentStep(content, startFlow(content, 'printer-offline')).step;
    expect(instruction.kind).toBe('instruction');
    expect(answeredByOpening(instruction, 'printer still offline, that worked')).toBeUndefined();
  });
});
