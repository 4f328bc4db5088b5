import { Router } from '../../../src/services/nlu/router';
import { evaluateRouter, formatFigures, loadHeldout, QUALITY_BAR } from '../../eval/nlu-eval';

// The real quality gate: the figures of shared/spec/labels.md on the held-out set. How fast the
// router trains and answers is a benchmark goal (npm run bench), not a timed test that flakes.
describe('NLU quality bar on held-out utterances', () => {
  it('meets the intent, out-of-scope and device bar', async () => {
    const router = await Router.load();
    const figures = evaluateRouter(router, loadHeldout());
    const report = formatFigures(figures, true);
    expect({ report, intent: figures.inScopeIntentAccuracy >= QUALITY_BAR.inScopeIntentAccuracy }).toEqual({ report, intent: true });
    expect(figures.outOfScopeRecall).toBeGreaterThanOrEqual(QUALITY_BAR.outOfScopeRecall);
    expect(figures.deviceAccuracy).toBeGreaterThanOrEqual(QUALITY_BAR.deviceAccuracy);
    expect(figures.meetsBar).toBe(true);
  });
});
