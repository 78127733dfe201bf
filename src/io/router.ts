// URL-scheme routing of save/load destinations (TF.js IORouterRegistry): `file://`, `http(s)://`, plain paths.
import type { IOHandler } from './types.js';

/** A function that returns a handler for a URL it understands, or null. */
export type IORouter = (url: string | string[]) => IOHandler | null;

const saveRouters: IORouter[] = [];
const loadRouters: IORouter[] = [];

/** Registers a router consulted by `getSaveHandlers`. @example registerSaveRouter((u) => (String(u).startsWith('mem://') ? h : null)); */
export function registerSaveRouter(router: IORouter): void {
  saveRouters.push(router);
}

/** Registers a router consulted by `getLoadHandlers`. @example registerLoadRouter((u) => (String(u).startsWith('mem://') ? h : null)); */
export function registerLoadRouter(router: IORouter): void {
  loadRouters.push(router);
}

function handlersFor(routers: IORouter[], url: string | string[]): IOHandler[] {
  const out: IOHandler[] = [];
  for (const r of routers) {
    const h = r(url);
    if (h !== null) out.push(h);
  }
  return out;
}

/** The save handlers whose routers accept `url`. @example getSaveHandlers('file:///tmp/m'); */
export function getSaveHandlers(url: string | string[]): IOHandler[] {
  return handlersFor(saveRouters, url);
}

/** The load handlers whose routers accept `url`. @example getLoadHandlers('file:///tmp/m/model.json'); */
export function getLoadHandlers(url: string | string[]): IOHandler[] {
  return handlersFor(loadRouters, url);
}
