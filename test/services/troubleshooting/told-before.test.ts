import { codesIn, saidDone } from '../../../src/services/troubleshooting/told-before';

const RESTARTED = ['restarted it', 'rebooted the router', 'tried another cable'];

describe('saidDone: the user did a step already', () => {
  it.each([
    ['my printer is offline, i already restarted it', 'restarted it'],
    ['wifi keeps dropping, ive already rebooted the router', 'rebooted the router'],
    ['i rebooted my router twice and its still slow', 'rebooted my router'],
    ['tried restarting it but no luck', 'tried restarting it'],
    ['my phone wont charge, i already tried another cable', 'tried another cable'],
    // "it" is the guide's device too.
    ['printer wont print, restarted the printer already', 'restarted the printer'],
  ])('%j says so: %j', (text, words) => {
    expect(saidDone(RESTARTED, [text], ['printer'])).toBe(words);
  });

  it.each([
    'my printer is offline, i havent restarted it',
    'my printer is offline, i cant restart it',
    'i didnt reboot the router',
    'should i restart it?',
    'not sure if i restarted it',
    'i need to restart it',
    // Another thing restarted is not the step's: "it" is not the router.
    'i restarted the router',
    'i havent tried another cable',
  ])('%j does not', (text) => {
    expect(saidDone(['restarted it', 'tried another cable'], [text], ['printer'])).toBeUndefined();
  });

  it('a negation in an earlier clause does not reach the action: "the printer isnt printing, i restarted it"', () => {
    expect(saidDone(RESTARTED, ['the printer isnt printing, i restarted it'], ['printer'])).toBe('restarted it');
  });
});

describe('codesIn', () => {
  it('finds stop codes and error codes, once each', () => {
    expect(codesIn(['my pc shows a blue screen with CRITICAL_PROCESS_DIED', 'pc blue screen critical_process_died'])).toBe('CRITICAL_PROCESS_DIED');
    expect(codesIn(['windows update fails with 0x80070005'])).toBe('0x80070005');
    expect(codesIn(['my pc shows a blue screen'])).toBeUndefined();
  });
});
