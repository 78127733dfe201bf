// Live training dashboard: subscribes to /api/events (Server-Sent Events) and appends points to two charts.
'use strict';

function makeChart(id, xLabel) {
  return new Chart(document.getElementById(id), {
    type: 'line',
    data: { labels: [], datasets: [] },
    options: { animation: false, parsing: false, normalized: true, scales: { x: { type: 'linear', title: { display: true, text: xLabel } } } },
  });
}

const charts = { batch: makeChart('batchChart', 'batch'), epoch: makeChart('epochChart', 'epoch') };
let pending = false;

function add(chart, x, logs) {
  for (const [k, v] of Object.entries(logs || {})) {
    if (typeof v !== 'number') continue;
    let ds = chart.data.datasets.find((d) => d.label === k);
    if (!ds) {
      ds = { label: k, data: [], pointRadius: 0, borderWidth: 1.5 };
      chart.data.datasets.push(ds);
    }
    ds.data.push({ x, y: v });
  }
  if (!pending) {
    pending = true;
    requestAnimationFrame(() => {
      pending = false;
      charts.batch.update();
      charts.epoch.update();
    });
  }
}

const status = document.getElementById('status');
const counts = { batch: 0, epoch: 0 };
window.dashboardCounts = counts;
const source = new EventSource('/api/events');
source.onmessage = (msg) => {
  const e = JSON.parse(msg.data);
  if (e.type === 'start') status.textContent = `Training started: ${e.epochs} epochs. ${e.message || ''}`;
  if (e.type === 'batch') {
    counts.batch++;
    add(charts.batch, e.step, e.logs);
  }
  if (e.type === 'epoch') {
    counts.epoch++;
    add(charts.epoch, e.epoch + 1, e.logs);
    status.textContent = `Epoch ${e.epoch + 1}${e.epochs ? '/' + e.epochs : ''}: ` + Object.entries(e.logs || {}).map(([k, v]) => `${k}=${Number(v).toFixed(4)}`).join(' ');
  }
  if (e.type === 'end') {
    status.textContent = `Training finished. ${e.message || ''}`;
    document.body.dataset.done = 'true';
  }
};
source.onerror = () => {
  if (document.body.dataset.done !== 'true') status.textContent = 'Disconnected from the training process.';
};
