import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { freePorts, ProcessHarness } from '@tsmesh/shared-testing';
import { request } from 'undici';
import { NamingProxy } from './naming-proxy.testing';

const MAIN = resolve(__dirname, '../../../dist/apps/bookinfo/main.js');
jest.setTimeout(30_000);

const SERVICES = [
  ['productpage', 'v1'],
  ['details', 'v1'],
  ['reviews', 'v1'],
  ['reviews', 'v2'],
  ['reviews', 'v3'],
  ['ratings', 'v1'],
] as const;

async function get(url: string, headers: Record<string, string> = {}) {
  const res = await request(url, { headers });
  return { status: res.statusCode, headers: res.headers, text: await res.body.text() };
}

describe('bookinfo', () => {
  const harness = new ProcessHarness();
  const proxy = new NamingProxy();
  const ports = new Map<string, number>();
  const port = (name: string): number => ports.get(name) ?? Number.NaN;
  let productpage = '';

  beforeAll(async () => {
    if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run npx nx build bookinfo`);
    const proxyUrl = await proxy.listen();
    const free = await freePorts(SERVICES.length);
    await Promise.all(
      SERVICES.map(async ([service, version], i) => {
        const p = free[i] ?? 0;
        ports.set(`${service}-${version}`, p);
        const app = harness.spawn(`${service}-${version}`, process.execPath, [MAIN, '--service', service, '--version', version, '--port', String(p)], { env: { HTTP_PROXY: proxyUrl, http_proxy: undefined, NO_PROXY: undefined, no_proxy: undefined } });
        await app.waitForOutput(/listening on/, 10_000);
      }),
    );
    proxy.routes.set('details', port('details-v1')).set('ratings', port('ratings-v1'));
    productpage = `http://127.0.0.1:${port('productpage-v1')}`;
  });
  beforeEach(() => {
    proxy.calls.length = 0;
  });
  afterAll(async () => {
    await harness.stopAll();
    await proxy.close();
  });

  it.each([
    ['v1', 0, undefined],
    ['v2', 9, 'black'],
    ['v3', 9, 'red'],
  ])('the product page shows details and reviews %s with %i stars coloured %s', async (version, stars, color) => {
    proxy.routes.set('reviews', port(`reviews-${version}`));
    const page = await get(`${productpage}/productpage`);
    expect(page.status).toBe(200);
    expect(page.headers['x-bookinfo-version']).toBe('productpage-v1');
    expect(page.text).toContain('<h1>The Comedy of Errors</h1>');
    expect(page.text).toContain('<dd>PublisherA</dd>');
    expect(page.text).toContain(`data-reviews-version="reviews-${version}"`);
    expect((page.text.match(/★/g) ?? []).length).toBe(stars);
    expect(page.text.includes('data-color="black"')).toBe(color === 'black');
    expect(page.text.includes('data-color="red"')).toBe(color === 'red');
    expect(proxy.calls.map((c) => c.host).sort()).toEqual(version === 'v1' ? ['details', 'reviews'] : ['details', 'ratings', 'reviews']);
  });

  it('passes trace headers and the signed-in user along every hop, and remembers the user in a cookie', async () => {
    proxy.routes.set('reviews', port('reviews-v2'));
    const trace = { 'x-request-id': 'req-1', 'x-b3-traceid': '463ac35c9f6413ad', 'x-b3-spanid': 'a2fb4a1d1a96d312', 'x-b3-sampled': '1', traceparent: '00-463ac35c9f6413ad48485a3953bb6124-a2fb4a1d1a96d312-01' };
    const page = await get(`${productpage}/productpage?u=jason`, trace);
    expect(page.headers['set-cookie']).toBe('user=jason; Path=/');
    expect(page.text).toContain('signed in as <b id="user">jason</b>');
    const ratingsCall = proxy.calls.find((c) => c.host === 'ratings');
    expect(ratingsCall?.headers).toMatchObject({ ...trace, 'end-user': 'jason' });
    expect(proxy.calls.find((c) => c.host === 'details')?.headers).toMatchObject({ ...trace, 'end-user': 'jason' });

    proxy.calls.length = 0;
    await get(`${productpage}/productpage`, { cookie: 'user=jason' });
    expect(proxy.calls.find((c) => c.host === 'reviews')?.headers['end-user']).toBe('jason');
    proxy.calls.length = 0;
    await get(`${productpage}/productpage`);
    expect(proxy.calls.find((c) => c.host === 'reviews')?.headers['end-user']).toBeUndefined();
  });

  it('serves the JSON API, and every service names itself in x-bookinfo-version', async () => {
    proxy.routes.set('reviews', port('reviews-v3'));
    const reviews = await get(`${productpage}/api/v1/products/0/reviews`);
    expect(JSON.parse(reviews.text)).toMatchObject({ id: 0, version: 'reviews-v3', reviews: [{ reviewer: 'Reviewer1', rating: { stars: 5, color: 'red' } }, { reviewer: 'Reviewer2', rating: { stars: 4, color: 'red' } }] });
    expect(JSON.parse((await get(`${productpage}/api/v1/products/0`)).text)).toMatchObject({ author: 'William Shakespeare', 'ISBN-10': '1234567890' });
    for (const name of ports.keys()) expect((await get(`http://127.0.0.1:${port(name)}/health`)).headers['x-bookinfo-version']).toBe(name);
    expect((await get(`http://127.0.0.1:${port('details-v1')}/details/x`)).status).toBe(404);
  });

  it('degrades like Bookinfo when a service it calls is unavailable', async () => {
    proxy.routes.set('reviews', port('reviews-v3'));
    proxy.routes.delete('ratings');
    proxy.routes.delete('details');
    try {
      const page = await get(`${productpage}/productpage`);
      expect(page.status).toBe(200);
      expect(page.text).toContain('Sorry, product details are currently unavailable for this book.');
      expect(page.text).toContain('data-reviews-version="reviews-v3"');
      expect(page.text).toContain('Ratings service is currently unavailable');
      expect((await get(`${productpage}/api/v1/products/0`)).status).toBe(503);
    } finally {
      proxy.routes.set('details', port('details-v1')).set('ratings', port('ratings-v1'));
    }
  });

  it('tries reviews twice before the page says reviews are unavailable, as Istio\'s productpage does', async () => {
    proxy.routes.delete('reviews');
    try {
      const page = await get(`${productpage}/productpage`);
      expect(page.text).toContain('Sorry, product reviews are currently unavailable for this book.');
      expect(proxy.calls.filter((c) => c.host === 'reviews')).toHaveLength(2);
    } finally {
      proxy.routes.set('reviews', port('reviews-v1'));
    }
  });

  it('rejects a bad flag with a clear message and exit code 2', async () => {
    const app = harness.spawn('bad', process.execPath, [MAIN, '--service', 'reviews', '--version', 'v4']);
    expect((await app.waitForExit(5_000)).code).toBe(2);
    expect(app.output()).toMatch(/--version must be one of v1, v2, v3, got "v4"/);
  });
});
