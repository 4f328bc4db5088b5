/**
 * A payload as JSON with its random ids (uuids, the tests' conv-/user- ids) masked. A uuid can hold "4111"
 * or "4821" by chance, so a look for a leaked secret in a whole payload sees every character but those.
 */
export const withoutIds = (value: unknown): string =>
  JSON.stringify(value).replace(/(?:conv|user)-[0-9a-f-]+|[0-9a-f]{8}(?:-[0-9a-f]{4}){3}-[0-9a-f]{12}/gi, '<id>');
