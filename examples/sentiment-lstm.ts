// Sentiment classification with an LSTM (the classic Keras text classifier):
// Tokenizer(10000) -> padSequences(maxlen 100) -> Embedding(10000, 16) -> LSTM(128) -> Dense(1, sigmoid), Adam, BCE.
//
// Train on SST-2 (67k phrases; evaluated on the 872-sentence dev set) and save the model with its tokenizer:
//   npx tsx examples/sentiment-lstm.ts --dataset sst2 --out models/sentiment
// Train on the three UCI files combined (3000 sentences, seeded 80/20 held-out split):
//   npx tsx examples/sentiment-lstm.ts --dataset uci --out models/sentiment-uci
// Try a saved model interactively (type sentences; an empty line is ignored; Ctrl-D or :q exits):
//   npx tsx examples/sentiment-lstm.ts --interactive --model models/sentiment
// Expected: SST-2 dev accuracy >= 80% (2 epochs), UCI held-out accuracy >= 78% (10 epochs).
// Options: --epochs, --batch-size (32), --maxlen (100), --num-words (10000), --embedding-dim (16), --units (128),
// --learning-rate (0.001), --dropout (LSTM input dropout; 0.5 for uci, whose 2400 training sentences overfit
// without it, 0 for sst2), --limit N (first N training sentences), --seed, --backend ts|native, --verbose 0|1.
//
// The embedding uses maskZero, so padding steps are skipped by the LSTM (Keras masking semantics); steps that are
// padding for the whole batch cost nothing, which makes short sentences cheap.
import * as tf from '../src/index.js';
import { interactiveLoop, loadSentiment, parseSentimentArgs, predictTexts } from './lib/sentiment.js';

const args = parseSentimentArgs();
if (args.backend && !tf.setBackendSync(args.backend)) throw new Error(`--backend: '${args.backend}' is not available here (have: ${tf.listBackends().join(', ')}).`);

async function loadSaved(dir: string): Promise<{ model: tf.LayersModel; tokenizer: tf.preprocessing.Tokenizer; maxlen: number }> {
  const { model, extras } = await tf.io.loadBundle(dir);
  const tokJson = extras.tokenizer;
  if (tokJson === undefined || tokJson === null || typeof tokJson !== 'object' || Array.isArray(tokJson)) {
    throw new Error(`${dir}: no tokenizer saved beside the model (expected extras.json with a 'tokenizer' item).`);
  }
  const tokenizer = tf.preprocessing.tokenizerFromJSON(tokJson as { className: string; config: Record<string, unknown> });
  const meta = extras.textModel;
  const maxlen = meta && typeof meta === 'object' && !Array.isArray(meta) && typeof meta.maxlen === 'number' ? meta.maxlen : args.maxlen;
  return { model, tokenizer, maxlen };
}

async function train(): Promise<{ model: tf.LayersModel; tokenizer: tf.preprocessing.Tokenizer }> {
  tf.setSeed(args.seed);
  const corpus = loadSentiment(args.dataset, { seed: args.seed, limit: args.limit });
  console.log(`Backend: ${tf.getBackend()}; ${args.dataset}: ${corpus.train.length} training sentences, ${corpus.test.length} in ${corpus.testName}.`);

  const tokenizer = new tf.preprocessing.Tokenizer({ numWords: args.numWords });
  tokenizer.fitOnTexts(corpus.train.map((e) => e.text));
  const encode = (texts: string[]): tf.Tensor => tf.preprocessing.padSequences(tokenizer.textsToSequences(texts), { maxlen: args.maxlen });
  const xTrain = encode(corpus.train.map((e) => e.text));
  const yTrain = tf.tensor(corpus.train.map((e) => e.label), [corpus.train.length, 1], 'float32');
  const xTest = encode(corpus.test.map((e) => e.text));

  const model = tf.sequential({
    layers: [
      tf.layers.embedding({ inputDim: args.numWords, outputDim: args.embeddingDim, inputLength: args.maxlen, maskZero: true }),
      tf.layers.lstm({ units: args.units, recurrentActivation: 'sigmoid', dropout: args.dropout }),
      tf.layers.dense({ units: 1, activation: 'sigmoid' }),
    ],
  });
  model.compile({ optimizer: tf.train.adam(args.learningRate), loss: 'binaryCrossentropy', metrics: ['accuracy'] });
  if (args.verbose > 0) model.summary();

  for (let epoch = 1; epoch <= args.epochs; epoch++) {
    const t0 = performance.now();
    await model.fit(xTrain, yTrain, { epochs: 1, batchSize: args.batchSize, shuffle: true, verbose: args.verbose });
    const seconds = (performance.now() - t0) / 1000;
    const acc = evaluate(model, tokenizer, corpus.test.map((e) => e.text), corpus.test.map((e) => e.label), false);
    console.log(`Epoch ${epoch}/${args.epochs}: ${seconds.toFixed(1)} s, ${corpus.testName} accuracy ${(acc * 100).toFixed(2)}%`);
  }
  console.log(`\nFinal evaluation on ${corpus.testName} (${xTest.shape[0]} sentences):`);
  evaluate(model, tokenizer, corpus.test.map((e) => e.text), corpus.test.map((e) => e.label), true);
  return { model, tokenizer };
}

/** Accuracy on the texts; with `report`, prints accuracy, precision, recall and F1 per class. */
function evaluate(model: tf.LayersModel, tokenizer: tf.preprocessing.Tokenizer, texts: string[], labels: number[], report: boolean): number {
  const probs = predictTexts(model, tokenizer, texts, args.maxlen);
  const preds = probs.map((p) => (p >= 0.5 ? 1 : 0));
  const r = tf.metrics.classificationReport(labels, preds, { targetNames: ['negative', 'positive'], digits: 4 });
  if (report) {
    console.log(r.text);
    const pos = r.perClass.find((c) => c.label === 1);
    if (pos) console.log(`Accuracy ${(r.accuracy * 100).toFixed(2)}%  precision ${pos.precision.toFixed(4)}  recall ${pos.recall.toFixed(4)}  F1 ${pos.f1.toFixed(4)} (positive class)`);
  }
  return r.accuracy;
}

if (args.interactive && args.model) {
  const saved = await loadSaved(args.model);
  await interactiveLoop(saved.model, saved.tokenizer, saved.maxlen);
} else {
  const { model, tokenizer } = await train();
  if (args.out) {
    await tf.io.saveBundle(args.out, { model, extras: { tokenizer, textModel: { maxlen: args.maxlen, padding: 'pre', truncating: 'pre' } } });
    console.log(`Saved the model and its tokenizer to ${args.out}`);
  }
  if (args.interactive) await interactiveLoop(model, tokenizer, args.maxlen);
}
