// Every kind of record lives in one named container. Each container is partitioned by the
// `pk` field; the comment says what the partition is, chosen for how the data is read:
// user-centred data by user id so an export or erasure touches one partition.
// The Azure templates (deploymentTemplates/) must create exactly these containers.
export const PARTITION_KEY_PATH = '/pk';

export const CONTAINERS = {
  /** botbuilder ConversationState/UserState documents; partition = the state key */
  botstate: { partition: 'state key' },
  /** user profiles, consents, devices, cases, requests; partition = user id */
  users: { partition: 'user id' },
  /** transcripts, conversation references, owner records; partition = conversation id */
  conversations: { partition: 'conversation id' },
  /** handoff tickets; partition = 'queue' (one small hot partition the console lists) */
  handoffs: { partition: 'queue' },
  /** privacy request index and audit log; partition = 'requests' / 'audit' */
  ledger: { partition: 'ledger name' },
  /** technician accounts and sessions; partition = 'accounts' / 'sessions' */
  technicians: { partition: 'accounts or sessions' },
} as const;

export type ContainerName = keyof typeof CONTAINERS;
export const CONTAINER_NAMES = Object.keys(CONTAINERS) as ContainerName[];
