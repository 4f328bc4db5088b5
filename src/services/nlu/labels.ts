// The intent and device labels are a contract (../shared/spec/labels.md): the CLI, traces
// and analytics use these strings verbatim, so they live in one place.
export const INTENTS = [
  'troubleshoot',
  'human',
  'opt_out',
  'data_access',
  'data_correction',
  'data_deletion',
  'privacy_info',
  'remote_access',
  'billing',
  'greeting',
  'goodbye',
  'help',
  'cancel',
  'out_of_scope',
] as const;
export type Intent = (typeof INTENTS)[number];

export const DEVICES = ['smart_speaker', 'computer', 'printer', 'network', 'email', 'phone', 'tv', 'none'] as const;
export type Device = (typeof DEVICES)[number];
