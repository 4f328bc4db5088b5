import { splitContacts } from '../../services/privacy/contact-fields';

/**
 * The email address and phone number the user typed with a request, to offer back rather than ask
 * for: read in the request as routed (`said`), else in the message that began it, since a request
 * taken from one clause of it ("... and stop emailing me, my email is pat@example.com") is routed
 * without the clause giving the address.
 */
export function contactsTyped(said: string, typed: string | undefined): { email?: string; phone?: string } {
  const inRequest = splitContacts(said);
  const inMessage = splitContacts(typed ?? '');
  const email = inRequest.email ?? inMessage.email;
  const phone = inRequest.phone ?? inMessage.phone;
  return { ...(email ? { email } : {}), ...(phone ? { phone } : {}) };
}
