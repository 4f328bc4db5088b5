import { envSchema } from '../../src/config';
import { readAzureDoc, tableAfter } from './docs-tables';

describe('README.md configuration reference', () => {
  const rows = tableAfter(readAzureDoc(), '## Configuration reference');
  const documented = rows.flatMap((r) => r.names);

  it('lists exactly the environment variables src/config.ts reads, one per row', () => {
    expect(rows.every((r) => r.names.length === 1)).toBe(true);
    expect(new Set(documented).size).toBe(documented.length);
    expect([...documented].sort()).toEqual(Object.keys(envSchema.shape).sort());
  });

  it('gives each variable the default the schema applies', () => {
    for (const [name, schema] of Object.entries(envSchema.shape)) {
      const parsed = schema.safeParse(undefined);
      const cell = rows.find((r) => r.names[0] === name)?.cells[1] ?? '';
      if (parsed.success && parsed.data !== undefined) expect({ name, cell }).toEqual({ name, cell: expect.stringContaining(`\`${String(parsed.data)}\``) });
    }
  });

  it('explains what each one means', () => {
    for (const r of rows) expect(r.cells[2].length).toBeGreaterThan(10);
  });
});
