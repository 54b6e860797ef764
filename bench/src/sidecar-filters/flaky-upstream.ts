import type { HarnessProcess, ProcessHarness } from '@tsmesh/shared-testing';
import { LOADGEN_CORE } from '../sidecar/cores';
import { BODY_BYTES, nodeServer } from '../sidecar/servers';

/**
 * An upstream that fails exactly the first attempt of every request: the sidecar keeps a request's
 * x-request-id across its retries, so the first time an id is seen the answer is 503 and the next
 * time it is the same 1 KB 200 as the bench's upstream. Each client request then costs the sidecar
 * one failed attempt and one retry, whatever the concurrency (a server failing every other request
 * would let concurrent requests steal each other's failures).
 */
const FLAKY_SOURCE = String.raw`
const http = require('node:http');
const body = Buffer.alloc(Number(process.env.BODY_BYTES), 'x');
const headers = { 'content-type': 'text/plain', 'content-length': String(body.length) };
const failed = new Set();
const server = http.createServer((req, res) => {
  req.resume();
  const id = req.headers['x-request-id'];
  if (req.url !== '/ready' && typeof id === 'string' && !failed.has(id)) {
    failed.add(id);
    res.writeHead(503, { 'content-type': 'text/plain', 'content-length': '5' });
    return res.end('flaky');
  }
  if (typeof id === 'string') failed.delete(id);
  res.writeHead(200, headers);
  res.end(body);
});
server.keepAliveTimeout = 60000;
server.listen(Number(process.env.PORT), process.env.HOST);
`;

export function startFlakyUpstream(harness: ProcessHarness, host: string, port: number): Promise<HarnessProcess> {
  return nodeServer(harness, 'flaky-upstream', LOADGEN_CORE, FLAKY_SOURCE, { HOST: host, PORT: String(port), BODY_BYTES: String(BODY_BYTES) }, `http://${host}:${port}/ready`);
}
