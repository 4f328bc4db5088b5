import { cancelsFirst, onlyACancel } from '../../../src/dialogs/shared/cancel-words';

// At a question for the user's details an unsure "cancel" reading stops what is under way only when
// the message opens with a word for stopping (main-dialog.ts): an address with "Stop" in it is an
// answer (the router reads "12 Bus Stop Lane" as cancel at 0.47).
describe('words for stopping', () => {
  it.each(['cancel my request', 'Cancel.', 'stop this please', 'ok cancel', 'never mind', 'please stop', 'cancel it, I will do it later'])('%j opens with one and stops', (text) => {
    expect(cancelsFirst(text)).toBe(true);
  });

  it.each(['12 Bus Stop Lane', 'Stop Road, Leeds', 'stop emailing me', 'I want to cancel my subscription'])('%j does not', (text) => {
    expect(cancelsFirst(text)).toBe(false);
  });

  it('a bare word for stopping is one as the whole message too', () => {
    expect(onlyACancel('Cancel.')).toBe(true);
    expect(onlyACancel('cancel my request')).toBe(false);
  });
});
