import { openingFor } from '../../src/dialogs/troubleshoot/opening';
import { Router } from '../../src/services/nlu/router';
import { loadFlows } from '../../src/services/troubleshooting/flow-loader';
import { CONTENT_FLOWS } from '../services/troubleshooting/fixture-paths';

/**
 * What an opening message leads to, the bot's way (the router, then openingFor): the ids of the guides
 * started or offered first, or what happened instead ("routed to billing", "none"). Call it inside a
 * describe: it loads the router before that describe's tests.
 */
export function openingReader(): (text: string) => string[] | string {
  const catalog = loadFlows(CONTENT_FLOWS);
  let router: Router;
  beforeAll(async () => {
    router = await Router.load();
  });
  return (text) => {
    const c = router.classify(text);
    if (c.intent !== 'troubleshoot' || c.ambiguous) return `routed to ${c.intent}`;
    const opening = openingFor(catalog, c);
    return opening.kind === 'guides' ? opening.matches.map((m) => m.flow.id) : opening.kind;
  };
}
