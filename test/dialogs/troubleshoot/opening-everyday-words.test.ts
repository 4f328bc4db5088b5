// Opening messages in everyday wording, the bot's way (the router, then openingFor): QA found them
// told "I don't have a guide for that problem yet" or "not something I can help with".
import { Router } from '../../../src/services/nlu/router';
import { openingFor } from '../../../src/dialogs/troubleshoot/opening';
import { loadFlows } from '../../../src/services/troubleshooting/flow-loader';
import { otherProblem } from '../../../src/services/troubleshooting/flow-selection';
import { CONTENT_FLOWS } from '../../services/troubleshooting/fixture-paths';

const catalog = loadFlows(CONTENT_FLOWS);
let router: Router;
beforeAll(async () => {
  router = await Router.load();
});

/** The guides started or offered first, or what happened instead. */
function guidesFor(text: string): string[] | string {
  const c = router.classify(text);
  if (c.intent !== 'troubleshoot' || c.ambiguous) return `routed to ${c.intent}`;
  const opening = openingFor(catalog, c);
  return opening.kind === 'guides' ? opening.matches.map((m) => m.flow.id) : opening.kind;
}

describe('opening words before the problem', () => {
  it.each([
    'good morning my printer doesnt work',
    'ugh. my printer doesnt work',
    'so basically my printer doesnt work',
    'hola my printer wont print',
    'bonjour, my printer wont print',
    'this is the third time im contacting you. my printer doesnt work',
    'good evening my printer doesnt work, thanks',
  ])('%j gets the printer guides, as without the opening words', (text) => {
    const got = guidesFor(text);
    expect(Array.isArray(got) && got.length > 0 && got.every((id) => catalog.flows[id].device === 'printer')).toBe(true);
  });
});

describe('everyday names and slang', () => {
  it.each([
    ['my internet box has a red light', 'network-no-internet'],
    ['the xfinity box is blinking', 'network-no-internet'],
    ['my hub keeps flashing orange', 'network-no-internet'],
  ])('%j starts %s', (text, guide) => {
    expect(guidesFor(text)).toEqual([guide]);
  });

  it.each([
    ['the internet box isnt working', 'network-no-internet'],
    ['my echo aint working', 'smart-speaker-wifi'],
  ])('%j offers the device\'s guides, %s among them', (text, guide) => {
    expect(guidesFor(text)).toContain(guide);
  });
});

describe('a device mentioned beside the one at fault', () => {
  const text = 'my daughter tried to print her boarding pass from her phone and ever since then the printer says offline';

  it('starts the offline printer guide: a boarding pass is no passcode, and the phone is only where it was printed from', () => {
    expect(guidesFor(text)).toEqual(['printer-offline']);
  });

  it('queues no phone problem to offer after', () => {
    expect(otherProblem(catalog, router.classify(text), 'printer-offline')).toBeUndefined();
  });
});
