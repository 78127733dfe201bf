import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import '../index.js';
import { tensor } from '../ops/index.js';
import type { Tensor } from '../tensor/tensor.js';
import {
  type CallbackModel,
  type CallbackParams,
  ProgbarLogger,
  csvLogger,
  earlyStopping,
  formatFilepath,
  formatLogValue,
  formatPerStep,
  learningRateScheduler,
  modelCheckpoint,
  reduceLROnPlateau,
  renderBar,
  terminateOnNaN,
} from './index.js';

class FakeModel implements CallbackModel {
  name = 'fake';
  stopTraining = false;
  weights: Tensor[] = [tensor([0])];
  optimizer = { learningRate: 1 };
  saved: string[] = [];
  getWeights(): Tensor[] {
    return this.weights.map((w) => w.clone());
  }
  setWeights(ws: Tensor[]): void {
    this.weights = ws;
  }
  async save(path: string): Promise<void> {
    this.saved.push(path);
  }
}

const params: CallbackParams = { epochs: 3, initialEpoch: 0, steps: 2, samples: 4, batchSize: 2, verbose: 1, doValidation: false, metrics: ['loss'] };

describe('progress bar', () => {
  test('formatting helpers match Keras', () => {
    expect(renderBar(5, 10)).toBe(`[${'='.repeat(14)}>${'.'.repeat(15)}]`);
    expect(renderBar(10, 10)).toBe(`[${'='.repeat(30)}]`);
    expect(renderBar(0, 10)).toBe(`[${'.'.repeat(30)}]`);
    expect(formatLogValue(0.293149)).toBe('0.2931');
    expect(formatLogValue(0.0001234)).toBe('1.2340e-04');
    expect(formatPerStep(0.0021)).toBe('2ms/step');
    expect(formatPerStep(1.4)).toBe('1s/step');
    expect(formatPerStep(0.00035)).toBe('350us/step');
  });

  test('verbose 1 on a TTY redraws one line per epoch with \\r', () => {
    let now = 0;
    let out = '';
    const p = new ProgbarLogger({ verbose: 1, isTTY: true, write: (s) => (out += s), now: () => now });
    p.setParams(params);
    p.onEpochBegin(0);
    now = 100;
    p.onBatchEnd(0, { batch: 0, size: 2, loss: 0.75 });
    now = 3000;
    p.onBatchEnd(1, { batch: 1, size: 2, loss: 0.5 });
    p.onEpochEnd(0, { loss: 0.5, acc: 0.9151 });
    expect(out).toBe(
      'Epoch 1/3\n' +
        `\r1/2 [${'='.repeat(14)}>${'.'.repeat(15)}] - ETA: 0s - loss: 0.7500` +
        `\r2/2 [${'='.repeat(30)}] - 3s 2s/step - loss: 0.5000 - acc: 0.9151\n`,
    );
  });

  test('verbose 2 prints one line per epoch', () => {
    let now = 0;
    let out = '';
    const p = new ProgbarLogger({ verbose: 2, isTTY: false, write: (s) => (out += s), now: () => now });
    p.setParams(params);
    p.onEpochBegin(1);
    expect(p.wantsBatchHooks).toBe(false); // fit does not call batch hooks for verbose 2
    now = 10;
    p.onEpochEnd(1, { loss: 0.25, val_loss: 0.5 });
    expect(out).toBe('Epoch 2/3\n2/2 - 0s - loss: 0.2500 - val_loss: 0.5000 - 0s/epoch - 5ms/step\n');
  });
});

describe('callbacks', () => {
  test('earlyStopping counts patience, honours minDelta and restores the best weights', () => {
    const m = new FakeModel();
    const es = earlyStopping({ monitor: 'val_loss', patience: 2, minDelta: 0.01, restoreBestWeights: true });
    es.setModel(m);
    es.onTrainBegin();
    const losses = [1, 0.5, 0.495, 0.6, 0.4];
    for (let e = 0; e < losses.length && !m.stopTraining; e++) {
      m.weights = [tensor([e])];
      es.onEpochEnd(e, { val_loss: losses[e] as number });
    }
    expect(es.stoppedEpoch).toBe(3);
    expect(m.weights[0]?.arraySync()).toEqual([1]);
    expect(es.best).toBe(0.5);
  });

  test('earlyStopping mode auto maximizes accuracies', () => {
    expect(earlyStopping({ monitor: 'val_acc' }).mode).toBe('max');
    expect(earlyStopping({ monitor: 'val_loss' }).mode).toBe('min');
    expect(() => earlyStopping({ patience: -1 })).toThrow(/patience must be a non-negative integer/);
  });

  test('reduceLROnPlateau multiplies the rate after patience epochs, with cooldown and a floor', () => {
    const m = new FakeModel();
    const cb = reduceLROnPlateau({ monitor: 'loss', factor: 0.5, patience: 1, cooldown: 2, minLr: 0.2 });
    cb.setModel(m);
    cb.onTrainBegin();
    const lrs: number[] = [];
    for (let e = 0; e < 6; e++) {
      const logs = { loss: 1 };
      cb.onEpochEnd(e, logs);
      lrs.push(m.optimizer.learningRate);
      expect((logs as Record<string, number>).lr).toBeDefined();
    }
    // As in Keras: e0 improves; e1 reduces (wait 1); e2 in cooldown; e3 the cooldown ends in the same epoch, so it
    // reduces; e4 cooldown; e5 reduces to the minLr floor.
    expect(lrs).toEqual([1, 0.5, 0.5, 0.25, 0.25, 0.2]);
    expect(() => reduceLROnPlateau({ factor: 1 })).toThrow(/factor must be in \[0, 1\)/);
  });

  test('learningRateScheduler sets the rate each epoch', () => {
    const m = new FakeModel();
    const cb = learningRateScheduler((epoch, lr) => (epoch === 0 ? 0.1 : lr / 2));
    cb.setModel(m);
    cb.onEpochBegin(0);
    expect(m.optimizer.learningRate).toBe(0.1);
    cb.onEpochBegin(1);
    expect(m.optimizer.learningRate).toBe(0.05);
  });

  test('terminateOnNaN stops on a non-finite loss', () => {
    const m = new FakeModel();
    const cb = terminateOnNaN();
    cb.setModel(m);
    cb.onBatchEnd(0, { loss: 1 });
    expect(m.stopTraining).toBe(false);
    cb.onBatchEnd(1, { loss: NaN });
    expect(m.stopTraining).toBe(true);
  });

  test('csvLogger writes the header once and appends when asked', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'tf-csv-')), 'log.csv');
    const a = csvLogger({ filename: file });
    a.onTrainBegin();
    a.onEpochEnd(0, { loss: 0.5, acc: 0.75 });
    a.onEpochEnd(1, { loss: 0.25, acc: 1 });
    const b = csvLogger({ filename: file, append: true, separator: ',' });
    b.onTrainBegin();
    b.onEpochEnd(2, { acc: 1, loss: 0.125 });
    expect(readFileSync(file, 'utf8')).toBe('epoch,acc,loss\n0,0.75,0.5\n1,1,0.25\n2,1,0.125\n');
    const c = csvLogger({ filename: file });
    c.onTrainBegin();
    expect(readFileSync(file, 'utf8')).toBe('');
  });

  test('modelCheckpoint formats paths and saves only improvements with saveBestOnly', async () => {
    expect(formatFilepath('ckpt-{epoch:02d}-{val_loss:.2f}', 2, { val_loss: 0.12345 })).toBe('ckpt-03-0.12');
    const m = new FakeModel();
    const cb = modelCheckpoint({ filepath: 'best-{epoch}', saveBestOnly: true });
    cb.setModel(m);
    cb.onTrainBegin();
    for (const [e, v] of [0.5, 0.7, 0.4].entries()) await cb.onEpochEnd(e, { val_loss: v });
    expect(m.saved).toEqual(['best-1', 'best-3']);
    const noSave = modelCheckpoint({ filepath: 'x' });
    noSave.setModel({ name: 'plain', stopTraining: false, getWeights: () => [], setWeights: () => {}, optimizer: null });
    expect(() => noSave.onTrainBegin()).toThrow(/has no save\(\) method/);
  });
});
