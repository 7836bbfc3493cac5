import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { IndexInfo } from '../answer/citebot.ts';
import type { Metrics } from './metrics.ts';

export interface HealthSources {
  /** Each configured platform and whether it is connected now. */
  platforms(): Record<string, boolean>;
  index(): IndexInfo | null;
  /** True while the serving index's files can be read. */
  indexReadable(): Promise<boolean>;
  /** "discord", "slack socket", "slack http", "terminal", joined. */
  mode(): string;
}

export interface HealthReport {
  ok: boolean;
  mode: string;
  platforms: Record<string, 'connected' | 'disconnected'>;
  index: { build: string; builtAt: string; ageSeconds: number; passages: number; search: string; readable: boolean } | { readable: false };
}

/** Healthy while at least one platform is connected and the index can be read. */
export async function healthReport(sources: HealthSources): Promise<HealthReport> {
  const platforms = sources.platforms();
  const info = sources.index();
  const readable = info !== null && (await sources.indexReadable().catch(() => false));
  const anyConnected = Object.values(platforms).some(Boolean);
  return {
    ok: anyConnected && readable,
    mode: sources.mode(),
    platforms: Object.fromEntries(Object.entries(platforms).map(([name, up]) => [name, up ? 'connected' : 'disconnected'])),
    index: info
      ? { build: info.build, builtAt: info.builtAt, ageSeconds: Math.round((Date.now() - Date.parse(info.builtAt)) / 1000), passages: info.passages, search: info.mode, readable }
      : { readable: false },
  };
}

/** GET /healthz (JSON, 503 when unhealthy) and GET /metrics (Prometheus text); anything else 404. */
export function opsHandler(metrics: Metrics, health: HealthSources): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    const fail = (error: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(String((error as Error)?.message ?? error));
    };
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET' }).end();
    } else if (path === '/healthz') {
      healthReport(health)
        .then((report) => {
          res.writeHead(report.ok ? 200 : 503, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
          res.end(JSON.stringify(report));
        })
        .catch(fail);
    } else if (path === '/metrics') {
      metrics.registry
        .metrics()
        .then((text) => {
          res.writeHead(200, { 'content-type': metrics.registry.contentType });
          res.end(text);
        })
        .catch(fail);
    } else {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('not found');
    }
  };
}

/** The server on METRICS_PORT (loopback-free: it listens on every interface, as a scrape target must). */
export async function startOpsServer(port: number, handler: ReturnType<typeof opsHandler>, host?: string): Promise<{ port: number; close(): Promise<void> }> {
  const server: Server = createServer(handler);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
