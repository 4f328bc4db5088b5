import { NOT_YET, synonymsFor } from '../../../src/dialogs/troubleshoot/answer-words';
import { lintFlows } from '../../../src/services/troubleshooting/flow-lint';
import { loadFlows } from '../../../src/services/troubleshooting/flow-loader';
import { FLOW_DEVICES, nextIds, type Flow } from '../../../src/services/troubleshooting/flow-schema';
import { CONTENT_FLOWS } from './fixture-paths';

// The problems support promised to cover, by device family (see the content brief).
const REQUIRED: Record<(typeof FLOW_DEVICES)[number], string[]> = {
  smart_speaker: ['smart-speaker-wifi', 'smart-speaker-wake-word', 'smart-speaker-light-ring', 'smart-speaker-bluetooth'],
  computer: ['computer-slow', 'computer-wont-boot', 'windows-update-error', 'computer-no-sound', 'computer-malware-popups', 'mac-wont-start', 'computer-wont-charge'],
  printer: ['printer-offline', 'printer-paper-jam', 'printer-blank-streaky-prints', 'printer-wifi-setup', 'printer-wont-turn-on'],
  network: ['network-no-internet', 'network-slow-wifi', 'network-device-cant-join'],
  email: ['email-cant-send-receive', 'email-sign-in', 'email-app-crashes', 'email-missing-mail'],
  phone: ['phone-wont-charge', 'phone-storage-full', 'phone-wifi', 'phone-battery-drain', 'phone-wont-turn-on'],
  tv: ['tv-no-signal', 'tv-buffering', 'tv-remote-pair', 'tv-apps', 'tv-wont-turn-on'],
};

const catalog = loadFlows(CONTENT_FLOWS);
const flows = Object.values(catalog.flows);
const allText = (flow: Flow) => Object.values(flow.steps).flatMap((s) => ('text' in s ? [s.text] : []));

describe('the shipped troubleshooting content', () => {
  it('lints clean: no errors and no warnings', () => {
    expect(lintFlows(CONTENT_FLOWS)).toEqual([]);
  });

  it('has at least 24 flows, each with at least 5 steps and a real branch', () => {
    expect(flows.length).toBeGreaterThanOrEqual(24);
    for (const flow of flows) {
      expect([flow.id, Object.keys(flow.steps).length >= 5]).toEqual([flow.id, true]);
      const branches = Object.values(flow.steps).some((s) => new Set(nextIds(s)).size > 1);
      expect([flow.id, branches]).toEqual([flow.id, true]);
    }
  });

  it.each(Object.entries(REQUIRED))('covers the listed %s problems with flows for that device', (device, ids) => {
    for (const id of ids) expect([id, catalog.flows[id]?.device]).toEqual([id, device]);
  });

  // A step passed over because the user did it already goes on by its "Still ..." answer, or by its only one.
  it('every step with said_done has a "Still ..." answer or only one answer to pass it over by', () => {
    const stranded = flows.flatMap((flow) =>
      Object.entries(flow.steps)
        .filter(([, s]) => s.kind === 'instruction' && s.said_done && s.options.length > 1 && !s.options.some((o) => synonymsFor(o.label) === NOT_YET))
        .map(([id]) => `${flow.id}/${id}`),
    );
    expect(stranded).toEqual([]);
    expect(flows.some((flow) => Object.values(flow.steps).some((s) => s.kind === 'instruction' && s.said_done))).toBe(true);
  });

  it('collects the Windows version for update errors and the model for charging problems', () => {
    const collected = (id: string) =>
      Object.values(catalog.flows[id].steps).flatMap((s) => (s.kind === 'collect' ? s.fields : []));
    expect(collected('windows-update-error')).toContain('os_version');
    expect(collected('phone-wont-charge')).toContain('model');
  });

  // "i tried another cable" at the model question, then "Try a different cable" as if it were news.
  it('the charging guide\'s cable step tells a user who tried another cable already how to go on', () => {
    const step = catalog.flows['phone-wont-charge'].steps['other-charger'];
    expect(step.kind === 'instruction' && step.text).toMatch(/If you already have, say "Still not charging"/);
    expect(step.kind === 'instruction' && step.options.map((o) => o.label)).toContain('Still not charging');
  });

  it('offers a technician ending wherever a hardware fault is likely', () => {
    for (const id of ['computer-wont-boot', 'mac-wont-start', 'phone-wont-charge', 'printer-paper-jam', 'tv-no-signal']) {
      const reasons = Object.values(catalog.flows[id].steps).flatMap((s) => (s.kind === 'escalate' ? [s.reason] : []));
      expect([id, reasons.some((r) => /fault|hardware|battery|roller|sensor/i.test(r))]).toEqual([id, true]);
    }
  });

  it('never asks the user to tell the bot a password', () => {
    const asksForPassword = /\b(type|enter|send|tell|give|share)\b[^.]*\bpassword\b[^.]*\b(here|to (me|us)|in (this|the) chat)\b/i;
    for (const flow of flows) {
      for (const text of allText(flow)) {
        for (const sentence of text.split(/(?<=[.!?])\s+/)) {
          if (asksForPassword.test(sentence)) expect([flow.id, sentence]).toEqual([flow.id, expect.stringMatching(/\b(never|don't|do not)\b/i)]);
        }
      }
    }
  });

  it('sends sign-in problems to the provider: own sign-in page first, account recovery links after', () => {
    const signIn = catalog.flows['email-sign-in'];
    const first = signIn.steps[signIn.start];
    expect('text' in first && first.text).toMatch(/never type your password here/i);
    expect('text' in first && first.text).toMatch(/only on\s+your provider's own sign-in page/i);
    const links = Object.values(signIn.steps).flatMap((s) => (s.kind === 'instruction' && s.link ? [s.link.url] : []));
    expect(links).toEqual(
      expect.arrayContaining([
        'https://account.live.com/password/reset',
        'https://accounts.google.com/signin/recovery',
        'https://login.yahoo.com/forgot',
      ]),
    );
  });

  it('uses current menu paths', () => {
    const text = (id: string) => allText(catalog.flows[id]).join('\n');
    expect(text('windows-update-error')).toContain('**Settings > System > Troubleshoot > Other troubleshooters**');
    expect(text('smart-speaker-wifi')).toContain('**Devices > Echo & Alexa**');
    expect(text('smart-speaker-wifi')).toContain('Google Home app');
    expect(text('phone-storage-full')).toContain('**Settings > General > iPhone Storage**');
    expect(text('mac-wont-start')).toContain('System Settings');
    expect(text('tv-buffering')).toContain('**Settings > Network**');
    expect(text('tv-buffering')).toContain('Roku');
    expect(text('printer-blank-streaky-prints')).toContain('HP Smart');
  });

  it('lets the user say a step worked at every instruction that has a "Still ..." option', () => {
    for (const flow of flows) {
      for (const [id, step] of Object.entries(flow.steps)) {
        if (step.kind !== 'instruction') continue;
        const labels = step.options.map((o) => o.label);
        if (labels.some((l) => l.startsWith('Still'))) {
          expect([flow.id, id, labels.some((l) => /worked|found them|explains/i.test(l))]).toEqual([flow.id, id, true]);
        }
      }
    }
  });

  it('does not put the technician option into the content (the dialog adds it)', () => {
    for (const flow of flows) {
      for (const step of Object.values(flow.steps)) {
        if (step.kind === 'instruction' || step.kind === 'question') {
          expect(step.options.map((o) => o.label)).not.toContainEqual(expect.stringMatching(/technician/i));
        }
      }
    }
  });
});
