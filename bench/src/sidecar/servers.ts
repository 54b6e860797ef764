import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type HarnessProcess, type ProcessHarness, waitForHttpOk } from '@tsmesh/shared-testing';
import { WORKSPACE } from './mesh';
import { LOADGEN_CORE, pinnedCommand, PROXY_CORE } from './cores';

export const BODY_BYTES = 1024;

/** The upstream application: node:http, keep-alive, 1 KB body for every request. */
const UPSTREAM_SOURCE = String.raw`
const http = require('node:http');
const body = Buffer.alloc(Number(process.env.BODY_BYTES), 'x');
const headers = { 'content-type': 'text/plain', 'content-length': String(body.length) };
const server = http.createServer((req, res) => {
  req.resume();
  res.writeHead(200, headers);
  res.end(body);
});
server.keepAliveTimeout = 60000;
server.listen(Number(process.env.PORT), process.env.HOST);
`;

/** @fastify/http-proxy in front of the upstream, as its README sets it up, without a logger. */
const FASTIFY_PROXY_SOURCE = String.raw`
const fastify = require('fastify')({ logger: false });
fastify.register(require('@fastify/http-proxy'), { upstream: process.env.UPSTREAM });
fastify.listen({ host: process.env.HOST, port: Number(process.env.PORT) }).catch((err) => { console.error(err); process.exit(1); });
`;

export async function nodeServer(harness: ProcessHarness, name: string, core: number, source: string, env: Record<string, string>, probe: string): Promise<HarnessProcess> {
  // node -e resolves require() from the working directory: the workspace's node_modules.
  const proc = harness.spawn(name, ...pinnedCommand(core, process.execPath, ['-e', source]), { cwd: WORKSPACE, env });
  await waitForHttpOk(probe, 30_000).catch((err: Error) => {
    throw new Error(`${name} did not start: ${err.message}\n${proc.output()}`);
  });
  return proc;
}

export function startUpstream(harness: ProcessHarness, host: string, port: number): Promise<HarnessProcess> {
  return nodeServer(harness, 'upstream', LOADGEN_CORE, UPSTREAM_SOURCE, { HOST: host, PORT: String(port), BODY_BYTES: String(BODY_BYTES) }, `http://${host}:${port}/`);
}

export function startFastifyProxy(harness: ProcessHarness, host: string, port: number, upstream: string): Promise<HarnessProcess> {
  return nodeServer(harness, 'fastify-proxy', PROXY_CORE, FASTIFY_PROXY_SOURCE, { HOST: host, PORT: String(port), UPSTREAM: upstream }, `http://${host}:${port}/`);
}

/**
 * One nginx worker as a keep-alive reverse proxy, everything (pid, logs, temp paths) in `dir`.
 * The access log is on, written to a file, as the sidecars' access log is.
 */
export function nginxConf(dir: string, listen: string, upstream: string): string {
  return `worker_processes 1;
pid ${join(dir, 'nginx.pid')};
error_log ${join(dir, 'nginx-error.log')} warn;
events { worker_connections 4096; }
http {
  access_log ${join(dir, 'nginx-access.log')};
  client_body_temp_path ${join(dir, 'client_body')};
  proxy_temp_path ${join(dir, 'proxy')};
  fastcgi_temp_path ${join(dir, 'fastcgi')};
  uwsgi_temp_path ${join(dir, 'uwsgi')};
  scgi_temp_path ${join(dir, 'scgi')};
  keepalive_requests 1000000;
  upstream app {
    server ${upstream};
    keepalive 128;
  }
  server {
    listen ${listen};
    location / {
      proxy_pass http://app;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
    }
  }
}
`;
}

export async function startNginx(harness: ProcessHarness, dir: string, host: string, port: number, upstream: string): Promise<HarnessProcess> {
  const conf = join(dir, 'nginx.conf');
  await writeFile(conf, nginxConf(dir, `${host}:${port}`, upstream));
  // -e: the error log before the config is read (the default path may not be writable); -p: prefix for relative paths.
  const proc = harness.spawn('nginx', ...pinnedCommand(PROXY_CORE, 'nginx', ['-p', dir, '-e', join(dir, 'nginx-error.log'), '-c', conf, '-g', 'daemon off;']));
  await waitForHttpOk(`http://${host}:${port}/`, 30_000).catch((err: Error) => {
    throw new Error(`nginx did not start: ${err.message}\n${proc.output()}`);
  });
  return proc;
}
