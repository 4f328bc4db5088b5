import { join } from 'node:path';
import { formatLintReport, lintFlows, type LintIssue } from '../../../src/services/troubleshooting/flow-lint';
import { FlowError, loadFlows } from '../../../src/services/troubleshooting/flow-loader';
import { fixtureDir, lineContaining } from './fixture-paths';

const errors = (issues: LintIssue[]) => issues.filter((i) => i.severity === 'error');
const warnings = (issues: LintIssue[]) => issues.filter((i) => i.severity === 'warning');

describe('lintFlows on broken fixtures', () => {
  it('accepts the valid fixture with no issues at all', () => {
    expect(lintFlows(fixtureDir('valid'))).toEqual([]);
  });

  it('reports schema errors with the file and the line of the bad field', () => {
    const dir = fixtureDir('schema-error');
    const issues = lintFlows(dir);
    const badKind = join(dir, 'bad-kind.yaml');
    const badDevice = join(dir, 'bad-device.yaml');
    expect(issues).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          file: badKind,
          line: lineContaining(badKind, 'kind: instrution'),
          severity: 'error',
          message: expect.stringMatching(/steps\.restart\.kind: kind must be one of instruction/),
        }),
        expect.objectContaining({
          file: badDevice,
          line: lineContaining(badDevice, 'device: fridge'),
          severity: 'error',
          message: expect.stringContaining('device must be one of'),
        }),
      ]),
    );
  });

  it('reports YAML syntax errors at their line, with a hint about quoting', () => {
    const file = join(fixtureDir('yaml-syntax'), 'yaml-syntax.yaml');
    const [issue, ...rest] = lintFlows(fixtureDir('yaml-syntax'));
    expect(rest).toEqual([]);
    expect(issue).toMatchObject({ file, line: lineContaining(file, 'Restart it: turn'), severity: 'error' });
    expect(issue.message).toMatch(/YAML syntax.*quotes/);
  });

  it('reports a next id that names no step, at the line of that next', () => {
    const file = join(fixtureDir('unknown-next'), 'unknown-next.yaml');
    expect(errors(lintFlows(fixtureDir('unknown-next')))).toContainEqual({
      file,
      line: lineContaining(file, 'next: nowhere'),
      severity: 'error',
      message: "unknown next id 'nowhere' in step 'restart'",
    });
  });

  it('reports a collect step\'s next_if_given id that names no step, at its line', () => {
    const file = join(fixtureDir('unknown-given-next'), 'unknown-given-next.yaml');
    expect(lintFlows(fixtureDir('unknown-given-next'))).toEqual([
      { file, line: lineContaining(file, 'next_if_given'), severity: 'error', message: "unknown next id 'nowhere' in step 'version'" },
    ]);
  });

  it('warns about steps no option leads to', () => {
    const file = join(fixtureDir('unreachable'), 'unreachable.yaml');
    const issues = lintFlows(fixtureDir('unreachable'));
    expect(errors(issues)).toEqual([]);
    expect(warnings(issues)).toEqual([
      { file, line: lineContaining(file, 'orphan:'), severity: 'warning', message: expect.stringContaining("unreachable step 'orphan'") },
    ]);
  });

  it('reports a loop the user can never leave', () => {
    const file = join(fixtureDir('loop'), 'loop.yaml');
    expect(lintFlows(fixtureDir('loop'))).toEqual([
      {
        file,
        line: lineContaining(file, 'spin-a:'),
        severity: 'error',
        message: "loop without exit: 'spin-a', 'spin-b' never reach a resolved or escalate step",
      },
    ]);
  });

  it('reports steps that end neither resolved nor escalated as dead ends', () => {
    const file = join(fixtureDir('dead-end'), 'dead-end.yaml');
    const issues = lintFlows(fixtureDir('dead-end'));
    expect(issues).toHaveLength(2);
    expect(issues[0]).toMatchObject({ file, line: lineContaining(file, 'options: []'), severity: 'error' });
    expect(issues[0].message).toMatch(/^steps\.restart\.options: dead end/);
    expect(issues[1]).toMatchObject({ file, line: lineContaining(file, 'wait:'), severity: 'error' });
    expect(issues[1].message).toMatch(/^steps\.wait\.options: dead end/);
  });

  it('reports a flow with no escalate ending', () => {
    const file = join(fixtureDir('missing-escalation'), 'missing-escalation.yaml');
    expect(lintFlows(fixtureDir('missing-escalation'))).toEqual([
      { file, line: lineContaining(file, 'steps:'), severity: 'error', message: expect.stringMatching(/^missing escalation/) },
    ]);
  });

  it('reports a flow id used twice, blaming the copy rather than the file named after it', () => {
    const dir = fixtureDir('duplicate-flow-id');
    const copy = join(dir, 'shared-id-copy.yaml');
    const issues = lintFlows(dir);
    expect(issues.every((i) => i.file === copy)).toBe(true);
    expect(issues).toContainEqual({
      file: copy,
      line: 1,
      severity: 'error',
      message: `duplicate id 'shared-id': already used by ${join(dir, 'shared-id.yaml')}`,
    });
    expect(issues).toContainEqual(expect.objectContaining({ message: "id 'shared-id' must equal the file name 'shared-id-copy'" }));
  });

  it('reports a step id defined twice in one file at the second definition', () => {
    const file = join(fixtureDir('duplicate-step-id'), 'duplicate-step-id.yaml');
    const secondRemove = lineContaining(file, '  remove:', lineContaining(file, '  remove:'));
    expect(lintFlows(fixtureDir('duplicate-step-id'))).toEqual([
      { file, line: secondRemove, severity: 'error', message: expect.stringMatching(/^duplicate id 'remove'/) },
    ]);
  });

  it('warns when a flow has fewer than five steps', () => {
    const file = join(fixtureDir('too-few-steps'), 'too-few-steps.yaml');
    expect(lintFlows(fixtureDir('too-few-steps'))).toEqual([
      { file, line: lineContaining(file, 'steps:'), severity: 'warning', message: 'only 3 steps: a flow should have at least 5' },
    ]);
  });

  it('warns about a step the redaction would show garbled ("admin" after "password is" reads as one), naming the line', () => {
    const file = join(fixtureDir('shown-as-secret'), 'shown-as-secret.yaml');
    expect(lintFlows(fixtureDir('shown-as-secret'))).toEqual([
      {
        file,
        line: lineContaining(file, 'password is admin'),
        severity: 'warning',
        message: expect.stringContaining('the user would see "If the router password is [removed], change it first."'),
      },
    ]);
  });

  // "speakers", the computer sound guide's symptom, never matched: a guide is chosen by the problem's words.
  it('warns about a symptom that names only a device or no problem, at its line', () => {
    const file = join(fixtureDir('device-only-symptom'), 'device-only-symptom.yaml');
    expect(lintFlows(fixtureDir('device-only-symptom'))).toEqual([
      { file, line: lineContaining(file, '- "printer"'), severity: 'warning', message: expect.stringContaining('symptom "printer" names no problem') },
      { file, line: lineContaining(file, '- "not working"'), severity: 'warning', message: expect.stringContaining('symptom "not working" names no problem') },
      { file, line: lineContaining(file, '- "printer not working"'), severity: 'warning', message: expect.stringContaining('symptom "printer not working" names no problem') },
    ]);
  });

  it('rejects the technician choice in content, because the dialog adds it to every step', () => {
    const file = join(fixtureDir('technician-option'), 'technician-option.yaml');
    expect(lintFlows(fixtureDir('technician-option'))).toEqual([
      {
        file,
        line: lineContaining(file, 'Talk to a technician'),
        severity: 'error',
        message: "'Talk to a technician' is added to every step by the dialog; remove it from step 'first'",
      },
    ]);
  });

  it('reports a phrase said for two answers of a question, and said on an instruction', () => {
    const twice = join(fixtureDir('said-twice'), 'said-twice.yaml');
    expect(lintFlows(fixtureDir('said-twice'))).toEqual([
      { file: twice, line: lineContaining(twice, '"Yes", next: remove, said'), severity: 'error', message: "'stuck' is said for two answers of step 'first' ('Yes' and 'No')" },
    ]);
    const instruction = join(fixtureDir('said-on-instruction'), 'said-on-instruction.yaml');
    expect(lintFlows(fixtureDir('said-on-instruction'))).toEqual([
      {
        file: instruction,
        line: lineContaining(instruction, 'said: ["works"]'),
        severity: 'error',
        message: 'steps.remove.options.0.said: said belongs to the answers of a question step, not to an instruction',
      },
    ]);
  });

  it('reports a goto step naming no guide in the folder, at its flow line', () => {
    const file = join(fixtureDir('handover-unknown'), 'handover-unknown.yaml');
    expect(lintFlows(fixtureDir('handover-unknown'))).toEqual([
      { file, line: lineContaining(file, 'flow: no-such-guide'), severity: 'error', message: "unknown flow 'no-such-guide' in step 'jam': no guide has that id" },
    ]);
  });

  it('reports a goto step written like an option, with next instead of the guide it goes on in', () => {
    const file = join(fixtureDir('handover-schema'), 'handover-schema.yaml');
    expect(lintFlows(fixtureDir('handover-schema'))).toEqual([
      { file, line: lineContaining(file, '  jam:'), severity: 'error', message: 'steps.jam.flow: flow (the id of the guide to go on in) is required' },
      { file, line: lineContaining(file, 'next: restart', lineContaining(file, '  jam:')), severity: 'error', message: "steps.jam: unknown field(s) 'next'" },
    ]);
  });

  // A user could go from one guide to the other and back for ever.
  it('reports guides that hand over to each other in a loop, in each of them', () => {
    const dir = fixtureDir('handover-loop');
    const [a, b] = [join(dir, 'loop-a.yaml'), join(dir, 'loop-b.yaml')];
    expect(lintFlows(dir)).toEqual([
      { file: a, line: lineContaining(a, 'flow: loop-b'), severity: 'error', message: expect.stringMatching(/^guides hand over in a loop: loop-a -> loop-b -> loop-a;/) },
      { file: b, line: lineContaining(b, 'flow: loop-a'), severity: 'error', message: expect.stringMatching(/^guides hand over in a loop: loop-b -> loop-a -> loop-b;/) },
    ]);
    expect(() => loadFlows(dir)).toThrow(FlowError);
  });

  it('reports a missing folder instead of throwing', () => {
    expect(lintFlows(fixtureDir('no-such-folder'))).toEqual([
      expect.objectContaining({ severity: 'error', message: 'flow folder not found' }),
    ]);
  });
});

describe('formatLintReport', () => {
  it('prints one file:line line per issue and a count', () => {
    const report = formatLintReport(lintFlows(fixtureDir('unknown-next')));
    const file = join(fixtureDir('unknown-next'), 'unknown-next.yaml');
    expect(report).toContain(`${file}:${lineContaining(file, 'next: nowhere')}: error: unknown next id 'nowhere'`);
    expect(report.split('\n').at(-1)).toBe('2 errors, 1 warning in 1 file.');
  });

  it('says so when there is nothing to fix', () => {
    expect(formatLintReport([])).toBe('Flows OK: no problems found.');
  });
});

describe('loadFlows', () => {
  it('loads valid flows keyed by id', () => {
    const catalog = loadFlows(fixtureDir('valid'));
    expect(Object.keys(catalog.flows)).toEqual(['fixture-valid']);
    expect(catalog.flows['fixture-valid'].steps.first.kind).toBe('question');
  });

  it('refuses invalid content with a FlowError naming the file and line', () => {
    const file = join(fixtureDir('schema-error'), 'bad-kind.yaml');
    expect(() => loadFlows(fixtureDir('schema-error'))).toThrow(FlowError);
    expect(() => loadFlows(fixtureDir('schema-error'))).toThrow(`${file}:${lineContaining(file, 'kind: instrution')}:`);
  });

  it('refuses flows that would strand a user, not just schema errors', () => {
    expect(() => loadFlows(fixtureDir('loop'))).toThrow(/loop\.yaml:\d+: loop without exit/);
  });

  it('loads flows that only have warnings and hands the warnings back', () => {
    const catalog = loadFlows(fixtureDir('unreachable'));
    expect(catalog.flows.unreachable).toBeDefined();
    expect(catalog.warnings).toEqual([expect.objectContaining({ message: expect.stringContaining("'orphan'") })]);
  });
});
