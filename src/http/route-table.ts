import type { FastifyInstance } from 'fastify';
import type { Access } from './types.js';

/** One registered route: what the 405 answer's Allow header and the probes of the test suite read. */
export interface RouteEntry {
  method: string;
  /** The full path template, with its surface prefix (`/v1/datasets/:id`). */
  url: string;
  access: Access;
  /** Routes left out of the OpenAPI document (health, metrics, docs). */
  hidden: boolean;
}

declare module 'fastify' {
  interface FastifyInstance {
    routeTable: RouteEntry[];
  }
}

/** Records every route as it is registered (HEAD routes Fastify adds itself are left out). */
export function registerRouteTable(app: FastifyInstance): void {
  const table: RouteEntry[] = [];
  app.decorate('routeTable', table);
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) {
      if (method === 'HEAD') continue;
      const access = route.config?.access ?? (method === 'GET' ? 'read' : 'write');
      table.push({ method, url: route.url, access, hidden: route.schema?.hide === true });
    }
  });
}

const matchers = new WeakMap<RouteEntry[], { size: number; routes: { method: string; pattern: RegExp }[] }>();

/** The methods registered for a concrete path (HEAD with GET, as Fastify serves it); empty when no route has the path. */
export function methodsAt(table: RouteEntry[], path: string): string[] {
  let compiled = matchers.get(table);
  if (!compiled || compiled.size !== table.length) {
    const routes = table.map((r) => ({
      method: r.method,
      pattern: new RegExp(
        `^${r.url
          .split(/(:\w+)/)
          .map((part) => (part.startsWith(':') ? '[^/]+' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
          .join('')}$`,
      ),
    }));
    compiled = { size: table.length, routes };
    matchers.set(table, compiled);
  }
  const methods = compiled.routes.filter((r) => r.pattern.test(path)).map((r) => r.method);
  return methods.includes('GET') ? [...methods, 'HEAD'] : methods;
}
