// Shared by the playground and chat pages (loaded before their own script).
// Feedback needs the feedback role. On loopback the server hands the page a per-process, feedback-only session
// token (GET /api/session); elsewhere the operator pastes a feedback token once (kept in sessionStorage).
// `state.token` caches it for the page.
async function feedbackToken(state) {
  if (state.token) return state.token;
  const r = await fetch('/api/session');
  if (r.ok) state.token = (await r.json()).token;
  else state.token = sessionStorage.getItem('tforge-feedback-token') || window.prompt('Feedback token (role "feedback"):') || '';
  if (state.token) sessionStorage.setItem('tforge-feedback-token', state.token);
  return state.token;
}
