import { type HttpServerHandle } from './admin-server';
import { startStatusServer } from './status-server';

describe('status port /healthz/ready', () => {
  let server: HttpServerHandle;
  afterEach(() => server.close());

  it('is 503 with the reason until the first full config is applied, then 200', async () => {
    let reason: string | undefined = 'no lds/rds applied yet';
    server = await startStatusServer({ host: '127.0.0.1', port: 0, notReadyReason: () => reason });
    let res = await fetch(`http://127.0.0.1:${server.port}/healthz/ready`);
    expect([res.status, await res.text()]).toEqual([503, 'not ready: no lds/rds applied yet\n']);
    reason = undefined;
    res = await fetch(`http://127.0.0.1:${server.port}/healthz/ready`);
    expect(res.status).toBe(200);
  });
});
