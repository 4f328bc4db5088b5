import { loadFlows } from '../../../src/services/troubleshooting/flow-loader';
import { explainTerm, loadGlossary, parseGlossary } from '../../../src/services/troubleshooting/glossary';

describe('glossary', () => {
  const glossary = loadGlossary('content/glossary.yaml');

  it.each([
    ['whats the action button', /^The Action button is the button with a small dot/],
    ['what is a stop code?', /^The stop code is the error written on a Windows blue screen/],
    ['what is the wps button', /^WPS \(Wi-Fi Protected Setup\)/],
    ["what's 2.4 GHz?", /^Most routers send Wi-Fi on two bands/],
    ['what does nvram mean', /^NVRAM is a small memory/],
    ['sorry what is hdmi arc?', /^HDMI ARC \(or eARC\)/],
    ['what is an SSID?', /^The Wi-Fi name \(also called the SSID or network name\)/],
    // Without "is" or "does" up front these were no question about a term, and "reset" hid the term.
    ['what smc means', /^The SMC \(System Management Controller\) is a chip in Intel Macs/],
    ['what does smc mean', /^The SMC \(System Management Controller\)/],
    ['whats an SMC reset', /^The SMC \(System Management Controller\)/],
    ['what nvram reset means?', /^NVRAM is a small memory/],
    ['what do you mean by input', /^Input \(called Source on some TVs\)/],
    ['what do u mean by wps', /^WPS \(Wi-Fi Protected Setup\)/],
    ['what is a sim card', /^The SIM is the small card from your mobile provider/],
    ['what does airplane mode mean', /^Airplane mode \(Flight mode on some phones\)/],
    ['what is pop/imap?', /^POP and IMAP are two ways a mail app collects your email/],
    ['whats the routers admin page', /^The router's admin page is where its settings are/],
    ["what's the router's admin page?", /^The router's admin page is where its settings are/],
    ['what do you mean by device admin apps', /^Device admin apps are apps given extra control over an Android phone/],
    ['what is task manager', /^Task Manager \(Activity Monitor on a Mac\)/],
    ['what is the network key', /^Your Wi-Fi password goes by other names too/],
    ['what is overscan', /^Overscan makes a TV zoom in slightly/],
    ['what is a factory reset', /^A factory reset erases everything on a device/],
    // Safe mode was explained for computers and Outlook only; the camera guide uses it on an Android.
    ['what is safe mode', /^Safe mode starts a computer, an Android phone or an app such as Outlook/],
  ])('%j is answered', (question, answer) => {
    expect(explainTerm(glossary, question)).toMatch(answer);
  });

  it.each(['what is the password', 'the wps button', 'what is wrong with it', 'what', 'what happened', 'what reset'])('%j asks about no term: no answer', (message) => {
    expect(explainTerm(glossary, message)).toBeUndefined();
  });

  // Every word a step uses that a non-technical user may not know has an entry (SIM, cache, Task
  // Manager, the router's admin page...): about 50. The cap is what keeps it to the steps' words, not
  // a dictionary of computing.
  it('keeps to 10-60 terms, each used by a step of some flow', () => {
    expect(glossary.terms.length).toBeGreaterThanOrEqual(10);
    expect(glossary.terms.length).toBeLessThanOrEqual(60);
    const steps = Object.values(loadFlows('content/flows').flows)
      .flatMap((f) => Object.values(f.steps).flatMap((s) => ('text' in s ? [s.text] : [])))
      .join('\n')
      .replace(/\*\*/g, '')
      .toLowerCase();
    const unused = glossary.terms.filter((t) => ![t.term, ...(t.also ?? [])].some((name) => steps.includes(name.toLowerCase())));
    expect(unused.map((t) => t.term)).toEqual([]);
  });

  it.each([
    ['terms:\n  - term: WPS\n    text: ""\n', /^g\.yaml:3: terms\.0\.text: text must not be empty$/],
    ['terms:\n  - term: WPS\n    text: a\n  - term: wps button\n    text: b\n', /^g\.yaml:4: terms\.1\.term: "wps button" is already a name of term 1$/],
    ['terms:\n  - term: WPS\n    text: a\n    colour: red\n', /^g\.yaml:2: terms\.0: Unrecognized key/],
    ['terms: [\n', /^g\.yaml:\d+: invalid YAML/],
  ])('a bad file is rejected with its file, line and field', (source, message) => {
    expect(() => parseGlossary('g.yaml', source)).toThrow(message);
  });
});
