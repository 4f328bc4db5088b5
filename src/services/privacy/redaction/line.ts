// One line of `helpline redact` output (cli.md).
import { redactAll } from './redact';

export function redactLine(text: string, jsonl: boolean): string {
  const result = redactAll(text);
  if (!jsonl) return result.text;
  return JSON.stringify({
    text: result.text,
    found: result.found.map((f) => ({ type: f.type, class: f.class, start: f.start, end: f.end })),
  });
}
