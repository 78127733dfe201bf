// Playground: draw (image models) or type (vector models), show class probabilities, send "wrong — it is X" feedback.
'use strict';

const state = { card: null, input: null, prediction: null, token: null };
const $ = (id) => document.getElementById(id);

function setStatus(text) {
  $('status').textContent = text;
}

function showProbs(probs) {
  const names = (state.card.card && state.card.card.classNames) || [];
  const top = probs.indexOf(Math.max(...probs));
  const box = $('probs');
  box.textContent = '';
  probs.forEach((p, i) => {
    const row = document.createElement('div');
    row.className = 'bar' + (i === top ? ' top' : '');
    row.dataset.label = String(i);
    const name = document.createElement('span');
    name.textContent = `${names[i] ?? i}`;
    name.style.minWidth = '3em';
    const fill = document.createElement('span');
    fill.className = 'fill';
    fill.style.width = `${Math.round(p * 300)}px`;
    const val = document.createElement('span');
    val.className = 'prob';
    val.textContent = p.toFixed(3);
    row.append(name, fill, val);
    box.append(row);
  });
  box.dataset.top = String(top);
  $('feedback').hidden = false;
}

async function predict(values) {
  state.input = typeof values === 'string' ? values : Array.from(values);
  const r = await fetch(`/v1/models/${encodeURIComponent(state.card.name)}:predict`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ instances: [state.input] }),
  });
  const body = await r.json();
  if (!r.ok) {
    setStatus(`Error: ${body.error}`);
    return;
  }
  state.prediction = body.predictions[0].flat(Infinity);
  showProbs(state.prediction);
  setStatus(`Predicted by version ${body.model_version}.`);
  if (typeof values !== 'string' && state.isImage) explainImage(values).catch((e) => { $('explainStatus').textContent = String(e); });
}

// Heat map of integrated-gradient attributions over the 28x28 input: red = towards the class, blue = against.
async function explainImage(values) {
  const heat = $('heat');
  heat.dataset.ready = 'false';
  const r = await fetch(`/v1/models/${encodeURIComponent(state.card.name)}:explain`, {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ instances: [Array.from(values)], method: 'integrated_gradients', steps: 64 }),
  });
  const body = await r.json();
  if (!r.ok) {
    $('explainStatus').textContent = `No explanation: ${body.error}`;
    return;
  }
  const e = body.explanations[0];
  const a = e.attributions.flat(Infinity);
  const max = Math.max(1e-12, ...a.map(Math.abs));
  const side = Math.round(Math.sqrt(a.length));
  const ctx = heat.getContext('2d');
  const cell = heat.width / side;
  ctx.clearRect(0, 0, heat.width, heat.height);
  a.forEach((v, i) => {
    const t = Math.abs(v) / max;
    const ink = values[i] ?? 0;
    // Faint grey digit underneath so the map reads against the drawing.
    const g = Math.round(255 - 60 * ink);
    const [r0, g0, b0] = v >= 0 ? [255, g * (1 - t), g * (1 - t)] : [g * (1 - t), g * (1 - t), 255];
    ctx.fillStyle = `rgb(${Math.round(r0)},${Math.round(g0)},${Math.round(b0)})`;
    ctx.fillRect((i % side) * cell, Math.floor(i / side) * cell, cell, cell);
  });
  const total = a.reduce((s, v) => s + v, 0);
  heat.dataset.ready = 'true';
  heat.dataset.sum = String(total);
  heat.dataset.delta = String(e.output - e.baseline_output);
  $('explainBox').hidden = false;
  $('explainStatus').textContent =
    `Class ${e.target}: attributions sum to ${total.toFixed(4)}; f(x) − f(blank) = ${(e.output - e.baseline_output).toFixed(4)} (completeness gap ${e.completeness_gap.toExponential(1)}).`;
}

async function sendFeedback(label) {
  const token = await feedbackToken(state);
  const r = await fetch(`/v1/models/${encodeURIComponent(state.card.name)}/feedback`, {
    method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ input: state.input, prediction: state.prediction, label }),
  });
  const body = await r.json();
  setStatus(r.ok ? `Thanks! Feedback #${body.id} saved (label ${label}); ${body.total} records so far.` : `Error: ${body.error}`);
}

function setupDrawing() {
  const pad = $('pad');
  const ctx = pad.getContext('2d');
  const clear = () => {
    ctx.fillStyle = '#000';
    ctx.fillRect(0, 0, pad.width, pad.height);
    $('preview').getContext('2d').clearRect(0, 0, 28, 28);
  };
  clear();
  ctx.strokeStyle = '#fff';
  ctx.lineWidth = 18;
  ctx.lineCap = 'round';
  ctx.lineJoin = 'round';
  let drawing = false;
  const pos = (e) => {
    const r = pad.getBoundingClientRect();
    return [(e.clientX - r.left) * (pad.width / r.width), (e.clientY - r.top) * (pad.height / r.height)];
  };
  pad.addEventListener('pointerdown', (e) => {
    drawing = true;
    const [x, y] = pos(e);
    ctx.beginPath();
    ctx.moveTo(x, y);
    ctx.lineTo(x + 0.1, y + 0.1);
    ctx.stroke();
  });
  pad.addEventListener('pointermove', (e) => {
    if (!drawing) return;
    const [x, y] = pos(e);
    ctx.lineTo(x, y);
    ctx.stroke();
  });
  const finish = () => {
    if (!drawing) return;
    drawing = false;
    run().catch((err) => setStatus(String(err)));
  };
  pad.addEventListener('pointerup', finish);
  pad.addEventListener('pointerleave', finish);
  const run = async () => {
    const values = window.mnistPreprocess(pad);
    const prev = $('preview').getContext('2d');
    const img = prev.createImageData(28, 28);
    values.forEach((v, i) => {
      img.data[i * 4] = img.data[i * 4 + 1] = img.data[i * 4 + 2] = Math.round(v * 255);
      img.data[i * 4 + 3] = 255;
    });
    prev.putImageData(img, 0, 0);
    await predict(values);
  };
  $('clear').addEventListener('click', clear);
  $('predict').addEventListener('click', () => run().catch((err) => setStatus(String(err))));
}

async function main() {
  state.card = await (await fetch('/api/card')).json();
  const kind = (state.card.card && state.card.card.kind) || 'tabular';
  const size = state.card.input.shape.slice(1).reduce((a, d) => a * d, 1);
  $('title').textContent = `Playground · ${state.card.name} v${state.card.version}`;
  if (state.card.text) {
    $('textInput').hidden = false;
    $('predictText').addEventListener('click', () => {
      const text = $('text').value;
      if (text.trim() === '') {
        setStatus('Type some text first.');
        return;
      }
      predict(text).catch((err) => setStatus(String(err)));
    });
  } else if (kind === 'image' && size === 784) {
    state.isImage = true;
    $('imageInput').hidden = false;
    setupDrawing();
  } else {
    $('vectorInput').hidden = false;
    $('vector').value = JSON.stringify(new Array(size).fill(0));
    $('predictVector').addEventListener('click', () => {
      let values;
      try {
        values = JSON.parse($('vector').value).flat(Infinity);
      } catch (e) {
        setStatus(`Not JSON: ${e.message}`);
        return;
      }
      predict(values).catch((err) => setStatus(String(err)));
    });
  }
  const classes = state.card.output.shape[1];
  const names = (state.card.card && state.card.card.classNames) || [];
  for (let i = 0; i < classes; i++) {
    const b = document.createElement('button');
    b.textContent = `wrong — it is ${names[i] ?? i}`;
    b.dataset.label = String(i);
    b.addEventListener('click', () => sendFeedback(i).catch((err) => setStatus(String(err))));
    $('labels').append(b);
  }
  document.body.dataset.loaded = 'true';
}

main().catch((e) => setStatus(`Could not load the model: ${e}`));
