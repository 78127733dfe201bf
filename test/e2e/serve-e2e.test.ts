// End to end: train a small MNIST model -> serve it -> predict over both protocols -> draw a digit in real headless
// Chromium -> send "wrong — it is X" feedback -> retrain -> the new version is served. Plus the live training dashboard.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { CHROMIUM, hasChromium, launchChromium } from './chromium.js';
import { datasetsDir, hasDatasets } from '../helpers/paths.js';
import { identityModelDir, tempDir } from './helpers.js';
import { FILES, writeSideFile } from '../../src/serve/model-dir.js';
import { runRetrain, runServe, runVersions, type RunningServer } from '../../src/cli/registry-commands.js';
import { runTrain } from '../../src/cli/train.js';
import { loadMnistDir } from '../../src/cli/workloads.js';

/** What the served pages put on `window` for these tests to read (card.html, draw page, dashboard). */
declare global {
  interface Window {
    cardCharts: unknown[];
    Chart?: unknown;
    mnistPreprocess: (c: HTMLCanvasElement) => Float32Array;
    dashboardCounts: { batch: number; epoch: number };
  }
}

if (!hasChromium) console.warn(`serve-e2e: SKIPPING the browser steps: ${CHROMIUM} is missing (apt-get install chromium, or run .ci/setup-services).`);

function sink() {
  const chunks: string[] = [];
  return { write: (s: string) => chunks.push(s), text: () => chunks.join('') };
}

async function json(url: string, body?: unknown, token?: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const headers: Record<string, string> = { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) };
  const r = await fetch(url, body === undefined ? { headers } : { method: 'POST', headers, body: JSON.stringify(body) });
  return { status: r.status, body: (await r.json()) as Record<string, unknown> };
}

function argMax(v: number[]): number {
  return v.indexOf(Math.max(...v));
}

describe.skipIf(!hasDatasets)('train -> serve -> predict -> browser feedback -> retrain -> new version', () => {
  let dir: string;
  let server: RunningServer;
  let browser: BrowserContext | null = null;
  const mnistDir = join(datasetsDir, 'mnist');

  beforeAll(async () => {
    dir = tempDir();
    const spec = join(dir, 'mnist.json');
    writeFileSync(spec, JSON.stringify({ workload: 'mnist-mlp', dataDir: mnistDir, trainLimit: 3000, testLimit: 1000, hidden: 64 }));
    await runTrain(spec, { epochs: 2, batchSize: 50, seed: 3, out: join(dir, 'mnist') }, sink());
    server = await runServe(join(dir, 'mnist'), { port: 0, watchMs: 100 }, sink());
    if (hasChromium) browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('predicts a real test digit identically over TF Serving REST and OIP v2', async () => {
    const { test } = await loadMnistDir(mnistDir, { testLimit: 4 });
    const image = Array.from(test.x.values.subarray(0, 784));
    const label = argMax(Array.from(test.y.values.subarray(0, 10)));
    const v1 = await json(`${server.url}/v1/models/mnist:predict`, { instances: [image] });
    expect(v1.status).toBe(200);
    const p1 = (v1.body.predictions as number[][][])[0]?.flat() as number[];
    expect(p1).toHaveLength(10);
    expect(p1.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
    const v2 = await json(`${server.url}/v2/models/mnist/infer`, { id: 'e2e', inputs: [{ name: server.host.current.servable.input.name, shape: [1, 28, 28], datatype: 'FP32', data: image }] });
    expect(v2.status).toBe(200);
    const out = (v2.body.outputs as { data: number[]; shape: number[] }[])[0];
    expect(out?.shape).toEqual([1, 10]);
    out?.data.forEach((p, i) => expect(p).toBeCloseTo(p1[i] as number, 6));
    expect(argMax(p1)).toBe(label); // the first MNIST test digit (a 7) is an easy one
  });

  it.skipIf(!hasChromium)('shows the model card with metrics, confusion matrix and chart.js curves', async () => {
    const page = await browser!.newPage();
    await page.goto(`${server.url}/`);
    await page.waitForSelector('body[data-loaded="true"]');
    expect(await page.textContent('#title')).toBe('mnist · version 1');
    expect(await page.locator('#confusion tr').count()).toBe(11);
    expect(await page.textContent('#metrics')).toMatch(/accuracy0\.\d{4}/);
    expect(await page.evaluate(() => window.cardCharts.length)).toBe(2);
    expect(await page.evaluate(() => typeof window.Chart)).toBe('function');
    await page.close();
  });

  it.skipIf(!hasChromium)('draws a digit in the playground, shows probabilities and sends feedback', async () => {
    const page = await browser!.newPage();
    await page.goto(`${server.url}/ui/playground.html`);
    await page.waitForSelector('body[data-loaded="true"]');
    const box = (await page.locator('#pad').boundingBox())!;
    // A "7": a top bar and a diagonal stroke.
    await page.mouse.move(box.x + 70, box.y + 60);
    await page.mouse.down();
    await page.mouse.move(box.x + 200, box.y + 60, { steps: 8 });
    await page.mouse.move(box.x + 120, box.y + 230, { steps: 12 });
    await page.mouse.up();
    await page.waitForSelector('#probs .bar');
    expect(await page.locator('#probs .bar').count()).toBe(10);
    const probs = await page.locator('#probs .prob').allTextContents();
    expect(probs.map(Number).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 2);
    // The preprocessed 28x28 image keeps the ink inside the central 20x20 box, centred by mass.
    const ink = await page.evaluate(() => {
      const v = window.mnistPreprocess(document.getElementById('pad') as HTMLCanvasElement);
      let m = 0, cx = 0, cy = 0, x0 = 28, x1 = -1, y0 = 28, y1 = -1;
      v.forEach((p, i) => {
        const x = i % 28, y = Math.floor(i / 28);
        m += p; cx += p * x; cy += p * y;
        if (p > 0.05) {
          x0 = Math.min(x0, x); x1 = Math.max(x1, x); y0 = Math.min(y0, y); y1 = Math.max(y1, y);
        }
      });
      return { cx: cx / m, cy: cy / m, side: Math.max(x1 - x0 + 1, y1 - y0 + 1) };
    });
    expect(Math.abs(ink.cx - 14)).toBeLessThan(1);
    expect(Math.abs(ink.cy - 14)).toBeLessThan(1);
    expect(ink.side).toBeGreaterThanOrEqual(19);
    expect(ink.side).toBeLessThanOrEqual(20);
    // The heat map of integrated gradients appears, and its attributions add up to f(x) - f(blank) (completeness).
    await page.waitForSelector('#heat[data-ready="true"]');
    const sum = Number(await page.getAttribute('#heat', 'data-sum'));
    const delta = Number(await page.getAttribute('#heat', 'data-delta'));
    expect(Math.abs(sum - delta)).toBeLessThan(0.01 * Math.abs(delta) + 1e-3);
    expect(await page.locator('#explainBox').isVisible()).toBe(true);
    const top = Number(await page.getAttribute('#probs', 'data-top'));
    const wrong = top === 7 ? 1 : 7;
    await page.click(`#labels button[data-label="${wrong}"]`);
    await page.waitForFunction(() => /Feedback #\d+ saved/.test(document.getElementById('status')?.textContent ?? ''));
    await page.close();
    expect(await server.host.registry.store.countFeedback('mnist')).toBe(1);
    const [fb] = await server.host.registry.store.listFeedback('mnist');
    expect(fb).toMatchObject({ label: wrong, predictedLabel: top, version: 1, inputShape: [28, 28] });
    expect(fb?.input).toHaveLength(784);
  });

  it('retrains on the feedback and serves the new version without a restart', async () => {
    // More feedback over HTTP: real test digits with their true labels (as users would correct them).
    const { test } = await loadMnistDir(mnistDir, { testLimit: 40 });
    // The loopback server generated its tokens into <dir>/tokens.json (README: "Tokens").
    const tokens = JSON.parse(readFileSync(join(server.host.registry.root, 'tokens.json'), 'utf8')) as Record<string, string>;
    const first = (i: number) => ({ input: Array.from(test.x.values.subarray(i * 784, (i + 1) * 784)), label: argMax(Array.from(test.y.values.subarray(i * 10, i * 10 + 10))) });
    expect((await json(`${server.url}/v1/models/mnist/feedback`, first(0))).status).toBe(401);
    for (let i = 0; i < 40; i++) {
      const r = await json(`${server.url}/v1/models/mnist/feedback`, first(i), tokens.feedback);
      expect(r.status).toBe(200);
    }
    const out = sink();
    const result = await runRetrain(server.host.registry.root, { epochs: 1, seed: 5, tolerance: 0.02 }, out);
    expect(result.feedbackUsed).toBe(hasChromium ? 41 : 40);
    expect(result.promoted).toBe(true);
    expect(result.candidate).toMatchObject({ version: 2, status: 'serving' });
    expect(out.text()).toContain('v2 is now serving');
    await expect.poll(async () => (await json(`${server.url}/v1/models/mnist`)).body, { timeout: 5000 }).toEqual({
      model_version_status: [{ version: '2', state: 'AVAILABLE', status: { error_code: 'OK', error_message: '' } }],
    });
    const { test: t } = await loadMnistDir(mnistDir, { testLimit: 1 });
    const p = await json(`${server.url}/v1/models/mnist:predict`, { instances: [Array.from(t.x.values)] });
    expect(p.body.model_version).toBe('2');
    const v1 = await json(`${server.url}/v1/models/mnist/versions/1:predict`, { instances: [Array.from(t.x.values)] });
    expect(v1.body.model_version).toBe('1');
    const list = sink();
    await runVersions(server.host.registry.root, {}, list);
    expect(list.text()).toMatch(/\n1 +archived/);
    expect(list.text()).toMatch(/\n2 +serving/);
  });
});

describe.skipIf(!hasDatasets || !hasChromium)('live training dashboard', () => {
  it('streams per-batch and per-epoch metrics over Server-Sent Events to the page', async () => {
    const dir = tempDir();
    const spec = join(dir, 'mnist.json');
    writeFileSync(spec, JSON.stringify({ workload: 'mnist-mlp', dataDir: join(datasetsDir, 'mnist'), trainLimit: 2000, testLimit: 200, hidden: 32 }));
    const out = sink();
    const training = runTrain(spec, { epochs: 3, batchSize: 100, seed: 1, out: join(dir, 'm'), dashboard: 0, dashboardLinger: 4000 }, out);
    await expect.poll(() => /Dashboard: (http:\S+)/.exec(out.text())?.[1], { timeout: 20_000 }).toBeTruthy();
    const url = /Dashboard: (http:\S+)/.exec(out.text())?.[1] as string;
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      await page.goto(url);
      await page.waitForSelector('body[data-done="true"]', { timeout: 20_000 });
      const counts = await page.evaluate(() => window.dashboardCounts);
      expect(counts).toEqual({ batch: 60, epoch: 3 });
      expect(await page.textContent('#status')).toMatch(/Training finished\. test accuracy 0\.\d{4}/);
    } finally {
      await browser.close();
      await training;
    }
  });
});

describe.skipIf(!hasChromium)('playground for a text model', () => {
  it('tokenizes typed text on the server, shows probabilities and survives empty input', async () => {
    const dir = await identityModelDir('words');
    await writeSideFile(dir, FILES.tokenizer, { wordIndex: { a: 1, b: 2 }, lower: true });
    const server = await runServe(dir, { port: 0 }, sink());
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      await page.goto(`${server.url}/ui/playground.html`);
      await page.waitForSelector('body[data-loaded="true"]');
      expect(await page.isVisible('#textInput')).toBe(true);
      await page.click('#predictText');
      expect(await page.textContent('#status')).toBe('Type some text first.');
      await page.fill('#text', 'B a');
      await page.click('#predictText');
      await page.waitForSelector('#probs .bar');
      // 'B a' -> ids [0, 0, 2, 1] -> logits [0, 0, 2] -> class 2 with e^2 / (2 + e^2).
      expect(await page.getAttribute('#probs', 'data-top')).toBe('2');
      expect(await page.locator('#probs .bar.top .prob').textContent()).toBe((Math.exp(2) / (2 + Math.exp(2))).toFixed(3));
      await page.click('#labels button[data-label="0"]');
      await page.waitForFunction(() => /Feedback #\d+ saved/.test(document.getElementById('status')?.textContent ?? ''));
      expect((await server.host.registry.store.listFeedback('words'))[0]).toMatchObject({ input: [0, 0, 2, 1], label: 0, predictedLabel: 2 });
    } finally {
      await browser.close();
      await server.close();
    }
  });
});

describe.skipIf(!hasChromium)('model card: explanations and privacy', () => {
  it('shows global feature importance and the DP guarantee from the card', async () => {
    const dir = await identityModelDir('tab');
    const importance = { method: 'KernelSHAP', values: [0.3, 0.05, 0.2, 0], examples: 20, background: 20 };
    const privacy = { mechanism: 'DP-SGD', accountant: 'RDP', epsilon: 2.9199, delta: 1e-5, noiseMultiplier: 1.12, l2NormClip: 1, sampleRate: 256 / 60000, steps: 14040, examples: 60000 };
    await writeSideFile(dir, FILES.card, { name: 'tab', kind: 'tabular', classNames: ['a', 'b', 'c'], importance, privacy });
    const server = await runServe(dir, { port: 0 }, sink());
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      await page.goto(`${server.url}/ui/card.html`);
      await page.waitForSelector('#importance .bar');
      // Sorted by importance: features 0, 2, 1, 3.
      const order = await page.locator('#importance .bar').evaluateAll((rows) => rows.map((r) => (r as HTMLElement).dataset.feature));
      expect(order).toEqual(['0', '2', '1', '3']);
      expect(await page.textContent('#privacy')).toMatch(/DP-SGD: \(ε = 2\.920, δ = 1\.0e-5\) by the RDP accountant/);
    } finally {
      await browser.close();
      await server.close();
    }
  });
});
