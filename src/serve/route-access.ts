import type { Role } from './auth.js';

/** What a route needs: the role, how the audit log names the call, and whether it is audited. */
export interface RequiredAccess {
  role: Role;
  action: string;
  /** Audited calls (everything that writes, deletes or reads personal data) get one audit row each, refusals included. */
  audited: boolean;
  target: string | null;
}

/** Routes readable with the predict role: model metadata, the card and the training stream. */
const PREDICT_ROUTES = new Set(['/v1/models', '/v2', '/v2/repository/index', '/api/card', '/api/events']);

const targets = new WeakMap<object, string>();

/** Lets a handler name what an audited call touched (e.g. a hashed user id, never the raw one). */
export function setAuditTarget(req: object, target: string): void {
  targets.set(req, target);
}

/** The target a handler named, if any. */
export function auditTargetOf(req: object): string | undefined {
  return targets.get(req);
}

/** The model name in a `/vN/models/<name>...` URL. */
function modelOf(url: string, prefix: string): string {
  const rest = (url.split('?')[0] ?? '').slice(prefix.length);
  return decodeURIComponent(rest.split(/[/:]/)[0] ?? '');
}

/**
 * The access a request needs, from its method, matched route pattern and URL; null for open routes (pages,
 * health, the session token endpoint). One table, so a new route cannot forget its check silently: admin
 * patterns are admin unless listed otherwise.
 * @example requiredAccess('POST', '/v1/models/*', '/v1/models/mnist/feedback') // { role: 'feedback', ... }
 */
export function requiredAccess(method: string, route: string, url: string): RequiredAccess | null {
  for (const prefix of ['/v1/models/', '/v2/models/']) {
    if (route !== `${prefix}*`) continue;
    const path = (url.split('?')[0] ?? '').replace(/\/+$/, '');
    const isFeedback = method === 'POST' && (path.endsWith('/feedback') || path.endsWith(':feedback'));
    return isFeedback
      ? { role: 'feedback', action: 'feedback', audited: true, target: modelOf(url, prefix) }
      : { role: 'predict', action: `${method} ${route}`, audited: false, target: null };
  }
  // Text generation (routes-generate.ts) registers parametric patterns under /v2/models/:name; it is a prediction.
  if (route.startsWith('/v2/models/:name/')) return { role: 'predict', action: `${method} ${route}`, audited: false, target: null };
  if (PREDICT_ROUTES.has(route)) return { role: 'predict', action: `${method} ${route}`, audited: false, target: null };
  if (route === '/metrics' || (route === '/admin/audit' && method === 'GET')) return { role: 'metrics', action: `${method} ${route}`, audited: false, target: null };
  if (route.startsWith('/admin/')) return { role: 'admin', action: `${method} ${route}`, audited: true, target: null };
  return null;
}
