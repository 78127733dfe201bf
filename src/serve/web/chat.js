// Chat page for a served GPT: stream a continuation from /v2/models/{name}/generate_stream (server-sent events over
// a POST, read with fetch's body reader), then rate it 👍/👎 and optionally write the corrected answer. Feedback
// goes to POST /v2/models/{name}/feedback and is stored for fine-tuning (`tforge export-feedback`).
const $ = (id) => document.getElementById(id);
const state = { card: null, token: null, prompt: '', output: '', rating: null, busy: false };

function setStatus(text) {
  $('status').textContent = text;
}

// Calls onEvent with each parsed `data:` event of an event-stream response.
async function readEvents(response, onEvent) {
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    buffer += decoder.decode(value, { stream: true });
    let cut;
    while ((cut = buffer.indexOf('\n\n')) >= 0) {
      const event = buffer.slice(0, cut);
      buffer = buffer.slice(cut + 2);
      for (const line of event.split('\n')) if (line.startsWith('data: ')) onEvent(JSON.parse(line.slice(6)));
    }
  }
}

async function send() {
  if (state.busy) return;
  const prompt = $('prompt').value;
  if (!prompt) return setStatus('Type a prompt first.');
  state.busy = true;
  state.prompt = prompt;
  state.output = '';
  state.rating = null;
  $('output').textContent = '';
  $('finish').textContent = '';
  $('feedback').hidden = true;
  $('correction').value = '';
  setStatus('Generating…');
  const parameters = { max_tokens: Number($('maxTokens').value), temperature: Number($('temperature').value), top_k: Number($('topK').value) };
  try {
    const r = await fetch(`/v2/models/${encodeURIComponent(state.card.name)}/generate_stream`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text_input: prompt, parameters }),
    });
    if (!r.ok) throw new Error((await r.json()).error);
    await readEvents(r, (e) => {
      if (e.error) throw new Error(e.error);
      state.output += e.text_output;
      $('output').textContent = state.output;
      if (e.finish_reason) $('finish').textContent = `finished: ${e.finish_reason === 'stop' ? 'stop sequence' : 'token limit'}`;
    });
    $('feedback').hidden = false;
    setStatus('');
  } catch (e) {
    setStatus(`Error: ${e.message}`);
  } finally {
    state.busy = false;
  }
}

function rate(rating) {
  state.rating = rating;
  $('up').classList.toggle('primary', rating === 'up');
  $('down').classList.toggle('primary', rating === 'down');
}

async function sendFeedback() {
  if (!state.rating) return setStatus('Press 👍 or 👎 first.');
  const token = await feedbackToken(state);
  const correction = $('correction').value;
  const r = await fetch(`/v2/models/${encodeURIComponent(state.card.name)}/feedback`, {
    method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ prompt: state.prompt, output: state.output, rating: state.rating, ...(correction ? { correction } : {}) }),
  });
  const body = await r.json();
  setStatus(r.ok ? `Thanks! Feedback #${body.id} saved; ${body.total} records so far.` : `Error: ${body.error}`);
}

async function main() {
  state.card = await (await fetch('/api/card')).json();
  $('title').textContent = `Chat · ${state.card.name} v${state.card.version}`;
  if (!state.card.generator) {
    $('send').disabled = true;
    return setStatus(`${state.card.name} is not a GPT; use the playground.`);
  }
  $('send').addEventListener('click', send);
  $('up').addEventListener('click', () => rate('up'));
  $('down').addEventListener('click', () => rate('down'));
  $('sendFeedback').addEventListener('click', sendFeedback);
  document.body.dataset.ready = 'true';
}

main().catch((e) => setStatus(`Error: ${e.message}`));
