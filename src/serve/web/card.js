// Model card: fills the page from /api/card and draws the training curves with chart.js.
'use strict';

function cell(tag, text, cls) {
  const el = document.createElement(tag);
  el.textContent = text;
  if (cls) el.className = cls;
  return el;
}

function fmt(v) {
  return typeof v === 'number' ? (Number.isInteger(v) ? String(v) : v.toFixed(4)) : String(v);
}

function lineChart(canvas, title, series) {
  const epochs = Math.max(0, ...series.map((s) => s.values.length));
  return new Chart(canvas, {
    type: 'line',
    data: { labels: Array.from({ length: epochs }, (_, i) => i + 1), datasets: series.map((s) => ({ label: s.label, data: s.values, tension: 0.2 })) },
    options: { animation: false, plugins: { title: { display: true, text: title } }, scales: { x: { title: { display: true, text: 'epoch' } } } },
  });
}

async function main() {
  const card = await (await fetch('/api/card')).json();
  document.getElementById('title').textContent = `${card.name} · version ${card.version}`;
  document.getElementById('subtitle').textContent =
    `input ${JSON.stringify(card.input.shape)} ${card.input.dtype} → output ${JSON.stringify(card.output.shape)} · store: ${card.store} · feedback records: ${card.feedbackCount}`;
  const metrics = card.metrics || {};
  const mt = document.getElementById('metrics');
  for (const [k, v] of Object.entries(metrics)) {
    if (k === 'confusion') continue;
    const tr = document.createElement('tr');
    tr.append(cell('th', k), cell('td', fmt(v)));
    mt.append(tr);
  }
  const meta = card.card || {};
  if (meta.privacy) {
    const p = meta.privacy;
    document.getElementById('privacyBox').hidden = false;
    document.getElementById('privacy').textContent =
      `Fine-tuned with ${p.mechanism}: (ε = ${p.epsilon.toFixed(3)}, δ = ${p.delta.toExponential(1)}) by the ${p.accountant} accountant · noise multiplier ${p.noiseMultiplier.toFixed(3)}, clip ${p.l2NormClip}, sampling rate ${p.sampleRate.toFixed(4)}, ${p.steps} steps over ${p.examples} examples.`;
  }
  if (meta.importance && Array.isArray(meta.importance.values)) {
    document.getElementById('importanceBox').hidden = false;
    const box = document.getElementById('importance');
    const vals = meta.importance.values;
    const max = Math.max(1e-12, ...vals);
    vals.map((v, i) => [v, i]).sort((a, b) => b[0] - a[0]).forEach(([v, i]) => {
      const row = document.createElement('div');
      row.className = 'bar';
      row.dataset.feature = String(i);
      const fill = cell('span', '', 'fill');
      fill.style.width = `${Math.round((v / max) * 300)}px`;
      row.append(cell('span', `feature ${i}`), fill, cell('span', v.toFixed(4), 'prob'));
      box.append(row);
    });
  }
  const names = (card.card && card.card.classNames) || [];
  const conf = metrics.confusion;
  const ct = document.getElementById('confusion');
  if (Array.isArray(conf)) {
    const max = Math.max(1, ...conf.flat());
    const head = document.createElement('tr');
    head.append(cell('th', ''));
    conf.forEach((_, j) => head.append(cell('th', names[j] ?? String(j))));
    ct.append(head);
    conf.forEach((row, i) => {
      const tr = document.createElement('tr');
      tr.append(cell('th', names[i] ?? String(i)));
      row.forEach((n, j) => {
        const td = cell('td', String(n), i === j ? 'diag' : '');
        td.style.setProperty('--heat', String(n / max));
        tr.append(td);
      });
      ct.append(tr);
    });
  } else {
    ct.append(cell('caption', 'No confusion matrix recorded.'));
  }
  const h = card.history || {};
  const pick = (re) => Object.entries(h).filter(([k]) => re.test(k)).map(([k, v]) => ({ label: k, values: v }));
  window.cardCharts = [
    lineChart(document.getElementById('lossChart'), 'Loss', pick(/loss$/)),
    lineChart(document.getElementById('accChart'), 'Accuracy', pick(/acc(uracy)?$/)),
  ];
  const vt = document.getElementById('versions');
  const vh = document.createElement('tr');
  ['version', 'status', 'accuracy', 'loss', 'created', 'note'].forEach((t) => vh.append(cell('th', t)));
  vt.append(vh);
  for (const v of card.versions) {
    const tr = document.createElement('tr');
    const m = v.metrics || {};
    [v.version, v.status, m.accuracy ?? '', m.loss ?? '', v.createdAt, v.note ?? ''].forEach((t) => tr.append(cell('td', fmt(t))));
    if (v.status === 'serving') tr.className = 'serving';
    vt.append(tr);
  }
  document.getElementById('summary').textContent = card.summary;
  document.body.dataset.loaded = 'true';
}

main().catch((e) => {
  document.getElementById('subtitle').textContent = `Could not load the model card: ${e}`;
});
