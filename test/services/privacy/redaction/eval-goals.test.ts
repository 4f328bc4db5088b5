import { evaluateRedaction, GOALS, loadLabelled } from '../../../eval/redaction-eval';

// The labelled evaluation set (test/eval/data/redaction-labelled.yaml) is written separately from
// these unit tests; here its accuracy goals are enforced. Speed is measured by the eval script
// (`node dist/test/eval/redaction-eval.js`), not asserted in a timed test.
describe('redaction evaluation goals', () => {
  const figures = evaluateRedaction(loadLabelled(), { timing: false });

  it('covers at least 150 labelled lines', () => {
    expect(figures.lines).toBeGreaterThanOrEqual(150);
  });

  it('leaks no secret', () => {
    expect(figures.secretLeaks).toEqual([]);
    expect(figures.secretLeaks.length).toBeLessThanOrEqual(GOALS.secretLeaks);
  });

  it('replaces at least 98% of personal data', () => {
    expect(figures.personalRecall).toBeGreaterThanOrEqual(GOALS.personalRecall);
  });

  it('keeps at least 98% of technical data', () => {
    expect(figures.technicalKept).toBeGreaterThanOrEqual(GOALS.technicalKept);
  });
});
