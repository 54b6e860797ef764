import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { request } from 'undici';
import { type InboundListener, startInboundListener } from './inbound-listener';
import type { RequestInfo } from './request-info';

describe('inbound listener', () => {
  let app: Server;
  let appPort: number;
  let listener: InboundListener;
  const seen: RequestInfo[] = [];
  const appRequests: Array<{ headers: Record<string, unknown>; body: string }> = [];

  beforeAll(async () => {
    app = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        appRequests.push({ headers: req.headers, body });
        res.writeHead(req.url === '/missing' ? 404 : 200, { 'content-type': 'text/plain', 'x-app': 'yes' });
        res.end(`echo:${req.method}:${req.url}:${body}`);
      });
    });
    await new Promise<void>((r) => app.listen(0, '127.0.0.1', r));
    appPort = (app.address() as AddressInfo).port;
    listener = await startInboundListener({ host: '127.0.0.1', port: 0, appHost: '127.0.0.1', appPort, onRequestComplete: (i) => seen.push(i) });
  });
  afterAll(async () => {
    await listener.close();
    await new Promise((r) => app.close(r));
  });

  it('forwards requests and bodies to the app, strips hop-by-hop headers, and reports', async () => {
    const res = await request(`http://127.0.0.1:${listener.port}/reviews/1`, {
      method: 'POST',
      body: 'hello',
      headers: { 'x-custom': 'a', 'proxy-authorization': 'secret', 'x-request-id': 'rid-1' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['x-app']).toBe('yes');
    expect(await res.body.text()).toBe('echo:POST:/reviews/1:hello');
    const forwarded = appRequests.at(-1);
    expect(forwarded?.headers['x-custom']).toBe('a');
    expect(forwarded?.headers['proxy-authorization']).toBeUndefined();
    expect(forwarded?.headers['x-request-id']).toBe('rid-1');
    const info = seen.at(-1);
    expect(info).toMatchObject({ method: 'POST', path: '/reviews/1', status: 200, requestBytes: 5, responseFlags: '-', requestId: 'rid-1' });
    expect(info?.responseBytes).toBe('echo:POST:/reviews/1:hello'.length);
  });

  it('passes app status codes through and generates a request id when none is sent', async () => {
    const res = await request(`http://127.0.0.1:${listener.port}/missing`);
    expect(res.statusCode).toBe(404);
    await res.body.text();
    expect(appRequests.at(-1)?.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answers 503 with response flag UF when the app is not listening', async () => {
    const dead = await startInboundListener({ host: '127.0.0.1', port: 0, appHost: '127.0.0.1', appPort: 1, onRequestComplete: (i) => seen.push(i) });
    try {
      const res = await request(`http://127.0.0.1:${dead.port}/`);
      expect(res.statusCode).toBe(503);
      expect(await res.body.text()).toMatch(/upstream connect error/);
      expect(seen.at(-1)).toMatchObject({ status: 503, responseFlags: 'UF' });
    } finally {
      await dead.close();
    }
  });

  it('fails to start with a BindError naming the address when the port is taken', async () => {
    await expect(startInboundListener({ host: '127.0.0.1', port: listener.port, appHost: '127.0.0.1', appPort, onRequestComplete: () => undefined })).rejects.toThrow(
      new RegExp(`cannot bind 127.0.0.1:${listener.port}`),
    );
  });
});
