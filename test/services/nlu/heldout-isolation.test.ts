import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { DEVICES, INTENTS } from '../../../src/services/nlu/labels';
import { HELDOUT_FILE, loadHeldout } from '../../eval/nlu-eval';

// The quality bar is only meaningful on messages the router never trained on.
const normalise = (s: string) => s.toLowerCase().replace(/['’]/g, '').replace(/[^a-z0-9]+/g, ' ').trim();

function trainingLines(): string[] {
  const dir = path.resolve('content/nlu');
  const lines: string[] = [];
  const walk = (node: unknown): void => {
    if (typeof node === 'string' || typeof node === 'number') lines.push(String(node));
    else if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') Object.values(node).forEach(walk);
  };
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.yaml'))) walk(YAML.parse(readFileSync(path.join(dir, file), 'utf8')));
  return lines;
}

describe('held-out evaluation set', () => {
  const heldout = loadHeldout();

  it('has at least 300 utterances covering every intent and every device', () => {
    expect(heldout.length).toBeGreaterThanOrEqual(300);
    expect(new Set(heldout.map((h) => h.intent))).toEqual(new Set(INTENTS));
    expect(new Set(heldout.map((h) => h.device))).toEqual(new Set(DEVICES));
  });

  it('shares no line with the training data', () => {
    const training = new Set(trainingLines().map(normalise));
    const leaked = heldout.map((h) => h.text).filter((t) => training.has(normalise(t)));
    expect(leaked).toEqual([]);
  });

  it('is never read by the router code', () => {
    const dir = path.resolve('src/services/nlu');
    const readers = readdirSync(dir).filter((f) => readFileSync(path.join(dir, f), 'utf8').includes(path.basename(HELDOUT_FILE)));
    expect(readers).toEqual([]);
  });
});
