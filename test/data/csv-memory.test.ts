// Streaming memory: `csv -> map -> batch` over a generated CSV must keep memory flat. The measurement runs in a
// child process (bench/data-memory.ts) so it can force GCs (--expose-gc) and start from a clean heap.
import { describe, expect, test } from 'vitest';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { repoRoot } from '../helpers/paths.js';

const run = promisify(execFile);

interface Result {
  fileMB: number;
  rows: number;
  expectedRows: number | null;
  heapGrowthMB: number;
  heapBoundMB: number;
  rssGrowthMB: number;
  rssBoundMB: number;
  ok: boolean;
}

async function measure(mb: number): Promise<Result> {
  const script = join(repoRoot, 'bench', 'data-memory.ts');
  try {
    const { stdout } = await run(process.execPath, ['--expose-gc', '--import', 'tsx', script, '--mb', String(mb)], {
      cwd: repoRoot,
      maxBuffer: 1 << 20,
    });
    return JSON.parse(stdout.trim().split('\n').pop() as string) as Result;
  } catch (e) {
    const out = (e as { stdout?: string }).stdout ?? '';
    throw new Error(`data-memory bench failed: ${out || (e as Error).message}`);
  }
}

describe('streaming CSV memory', () => {
  test('a ~50 MB CSV streams through csv -> map -> batch with flat heap and RSS', async () => {
    const r = await measure(50);
    expect(r.fileMB).toBeGreaterThanOrEqual(50);
    expect(r.rows).toBe(r.expectedRows);
    // Holding the file (or the batches) would add >= 25 MB; the bound is 1/6 of the file size.
    expect(r.heapGrowthMB).toBeLessThan(r.heapBoundMB);
    expect(r.rssGrowthMB).toBeLessThan(r.rssBoundMB);
    expect(r.ok).toBe(true);
  });

  test.runIf(process.env['TENSORFORGE_BIG_TESTS'] === '1')('a 2 GB CSV streams with flat memory (TENSORFORGE_BIG_TESTS=1)', async () => {
    const r = await measure(2048);
    expect(r.rows).toBe(r.expectedRows);
    expect(r.heapGrowthMB).toBeLessThan(r.heapBoundMB);
    expect(r.rssGrowthMB).toBeLessThan(r.rssBoundMB);
  }, 3_600_000);
});
