// The layer harness suite. Cases live in test/layers/harness-cases/*.ts (each registers its tests through
// `layerCase`, which records the class its factory builds); this file loads them all, then fails for any layer
// class exported from the public `tf.layers` namespace that no case builds, so a new layer cannot go untested.
// Its title says how many are covered.
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, test } from 'vitest';
import * as tf from '../../src/index.js';
import { type LayerCtor, passed, registered } from './harness.js';

const dir = join(dirname(fileURLToPath(import.meta.url)), 'harness-cases');
for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts')).sort()) await import(pathToFileURL(join(dir, file)).href);

/** Exported classes that cannot be built on their own, each with the reason. Nothing else may be left out. */
const excluded: Record<string, string> = {
  BaseConv: 'abstract base of Conv1D/Conv2D/Conv2DTranspose/SeparableConv2D (no rank of its own); covered through them',
  Merge: 'abstract base of the element-wise merge layers (no merge rule of its own); covered through Add, Multiply, ...',
  RNNCell: 'abstract base of the recurrent cells (no gates or step of its own); covered through SimpleRNNCell, LSTMCell, GRUCell',
};

/** Every class the public `tf.layers` namespace exports whose prototype is a Layer, by exported name. */
function exportedLayerClasses(): [string, LayerCtor][] {
  const found: [string, LayerCtor][] = [];
  for (const [name, value] of Object.entries(tf.layers)) {
    if (typeof value === 'function' && value.prototype instanceof tf.layers.Layer) found.push([name, value as LayerCtor]);
  }
  return found.sort(([a], [b]) => a.localeCompare(b));
}

// Registered after the case files, so its body runs after theirs and sees which cases passed.
describe('layer harness coverage', () => {
  const exported = exportedLayerClasses();
  const candidates = exported.filter(([name]) => !(name in excluded));
  const missing = candidates.filter(([, cls]) => !registered.has(cls)).map(([name]) => name);
  test(`layer harness: ${candidates.length - missing.length} of ${candidates.length} exported layer classes have a case`, () => {
    expect(candidates.length, 'tf.layers exports layer classes').toBeGreaterThan(0);
    expect(missing, `add cases to test/layers/harness-cases/ for: ${missing.join(', ')}`).toEqual([]);
    const failed = candidates.filter(([, cls]) => registered.has(cls) && !passed.has(cls)).map(([name]) => name);
    expect(failed, 'classes whose cases did not all pass (see the failures above)').toEqual([]);
  });

  test('every exclusion names an exported layer class that has no case', () => {
    const byName = new Map(exported);
    const stale = Object.keys(excluded).filter((name) => !byName.has(name));
    expect(stale, 'excluded names no longer exported: remove them from the list').toEqual([]);
    const coveredAnyway = Object.keys(excluded).filter((name) => registered.has(byName.get(name) as LayerCtor));
    expect(coveredAnyway, 'excluded classes that a case builds: remove them from the list').toEqual([]);
  });

  test('every class a case builds is exported from tf.layers', () => {
    const exportedSet = new Set(exported.map(([, cls]) => cls));
    const extra = [...registered.entries()].filter(([cls]) => !exportedSet.has(cls)).map(([cls, titles]) => `${cls.name} (${titles.join('; ')})`);
    expect(extra, 'cases build layer classes that tf.layers does not export').toEqual([]);
  });
});
