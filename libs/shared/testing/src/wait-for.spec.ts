import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { waitFor, waitForHttpOk } from './wait-for';

describe('waitFor', () => {
  it('returns the first truthy value', async () => {
    let calls = 0;
    const value = await waitFor(() => (++calls >= 3 ? `after ${calls}` : undefined), { intervalMs: 1 });
    expect(value).toBe('after 3');
  });

  it('names what it waited for and the last error on timeout', async () => {
    const started = Date.now();
    await expect(
      waitFor(
        () => {
          throw new Error('ECONNREFUSED 127.0.0.1:9901');
        },
        { timeoutMs: 120, intervalMs: 10, what: 'galley ready' },
      ),
    ).rejects.toThrow('timed out after 120ms waiting for galley ready (last error: ECONNREFUSED 127.0.0.1:9901)');
    expect(Date.now() - started).toBeGreaterThanOrEqual(110);
  });

  it('quotes the last falsy result when the probe never throws', async () => {
    await expect(waitFor(() => false, { timeoutMs: 30, intervalMs: 5 })).rejects.toThrow(
      'waiting for condition (last result: false)',
    );
  });
});

describe('waitForHttpOk', () => {
  let server: Server;
  let hits = 0;

  beforeAll(async () => {
    server = createServer((_req, res) => {
      hits++;
      res.statusCode = hits < 3 ? 503 : 200;
      res.end(hits < 3 ? 'starting' : 'ok');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('polls until the URL answers 2xx and returns the body', async () => {
    const { port } = server.address() as AddressInfo;
    await expect(waitForHttpOk(`http://127.0.0.1:${port}/healthz/ready`, 5_000)).resolves.toBe('ok');
    expect(hits).toBe(3);
  });

  it('reports the last status on timeout', async () => {
    const bad = createServer((_req, res) => {
      res.statusCode = 503;
      res.end('draining');
    });
    await new Promise<void>((resolve) => bad.listen(0, '127.0.0.1', resolve));
    const { port } = bad.address() as AddressInfo;
    try {
      await expect(waitForHttpOk(`http://127.0.0.1:${port}/`, 300)).rejects.toThrow(/2xx.*HTTP 503: draining/);
    } finally {
      bad.closeAllConnections();
      await new Promise((resolve) => bad.close(resolve));
    }
  });
});
