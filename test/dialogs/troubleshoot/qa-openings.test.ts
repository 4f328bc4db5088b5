// Opening messages found by QA that got the list of what the bot does, "not something I can help
// with", "Sorry, I'm not sure what you mean", a fault guide for a setup question, or no guide.
import { Router } from '../../../src/services/nlu/router';
import { openingFor } from '../../../src/dialogs/troubleshoot/opening';
import { loadFlows } from '../../../src/services/troubleshooting/flow-loader';
import { CONTENT_FLOWS } from '../../services/troubleshooting/fixture-paths';

const catalog = loadFlows(CONTENT_FLOWS);
let router: Router;
beforeAll(async () => {
  router = await Router.load();
});

function openingOf(text: string): string[] | string {
  const c = router.classify(text);
  if (c.intent !== 'troubleshoot' || c.ambiguous) return `routed to ${c.intent}`;
  const opening = openingFor(catalog, c);
  return opening.kind === 'guides' ? opening.matches.map((m) => m.flow.id) : opening.kind;
}

describe('opening messages QA found', () => {
  it.each([
    // Read as a request for the list of what the bot does, for "understand".
    ['alexa never understands what i say', 'smart-speaker-wake-word'],
    // Out of scope ("cam"), and a cancel for "back" and "out".
    ['my selfie cam is blurry', 'phone-camera'],
    ['back camera out of focus', 'phone-camera'],
    // Headphones have a guide of their own, on a computer as on a phone.
    ['my headphones wont connect to my laptop', 'headphones-bluetooth'],
    ['my airpods wont connect to my macbook', 'headphones-bluetooth'],
  ])('%j starts %s', (text, guide) => {
    expect(openingOf(text)).toEqual([guide]);
  });

  // No guide sets up the router itself: a technician, never the guide for a device that can't join.
  it.each(['how do i set up my new router', 'i need help setting up my new router', 'how to configure my router'])('%j gets no guide, a technician offered', (text) => {
    expect(openingOf(text)).toBe('none');
    expect(router.classify(text).device).toBe('network');
  });

  it('a printer set up on the new router still gets the printer Wi-Fi setup guide', () => {
    expect(openingOf('how do i set up my new printer')).toEqual(['printer-wifi-setup']);
    expect(openingOf('set up my printer on the new router')).toEqual(['printer-wifi-setup']);
  });

  it('"my laptop cant connect" is still no accessory nor headphones: it names no headphones', () => {
    expect(openingOf('my laptop cant connect')).not.toContain('computer-accessory');
    expect(openingOf('my laptop cant connect')).not.toContain('headphones-bluetooth');
  });
});
