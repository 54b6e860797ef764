// The product page: asks details and reviews for the book and renders what answered.
// `?u=<name>` signs a user in (a cookie, like Bookinfo's login form) and every call then carries
// `end-user: <name>`, which is what Istio's user-based routing rules match on.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { type BookDetails, PRODUCT } from './catalog';
import { productId, sendHtml, sendJson } from './http-util';
import { renderProductPage } from './page';
import type { RatingsBody, ReviewsBody } from './reviews';
import { RATINGS_URL } from './reviews';
import { type Fetched, forwardedHeaders, getJson } from './upstream';

const DETAILS_URL = 'http://details:9080/details';
const REVIEWS_URL = 'http://reviews:9080/reviews';
// Bookinfo's productpage gives reviews the longest (it may wait for ratings) and retries nothing.
const DETAILS_TIMEOUT_MS = 3000;
const REVIEWS_TIMEOUT_MS = 3000;
// Istio's productpage tries reviews twice, 3 s each (its fault-injection task relies on this
// 6 s total being shorter than reviews' 10 s wait for ratings).
const REVIEWS_TRIES = 2;
const USER_COOKIE = 'user';

export async function handleProductPage(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  const path = url.pathname;
  if (path === '/' || path === '/index.html') return sendHtml(res, 200, '<!DOCTYPE html><title>Bookinfo</title><h1>Bookinfo</h1><a href="/productpage">Product page</a>');
  if (path === '/logout') return sendHtml(res, 302, '', { location: '/productpage', 'set-cookie': `${USER_COOKIE}=; Path=/; Max-Age=0` });
  const user = url.searchParams.has('u') ? url.searchParams.get('u') || undefined : cookie(req, USER_COOKIE);
  const headers = forwardedHeaders(req.headers);
  if (user) headers['end-user'] = user;
  else delete headers['end-user'];

  if (path === '/productpage') {
    const [details, reviews] = await Promise.all([
      getJson<BookDetails>(`${DETAILS_URL}/${PRODUCT.id}`, headers, DETAILS_TIMEOUT_MS),
      getReviews(headers),
    ]);
    const setCookie = url.searchParams.has('u') ? { 'set-cookie': user ? `${USER_COOKIE}=${encodeURIComponent(user)}; Path=/` : `${USER_COOKIE}=; Path=/; Max-Age=0` } : undefined;
    return sendHtml(res, 200, renderProductPage({ user, details, reviews }), setCookie);
  }
  if (path === '/api/v1/products') return sendJson(res, 200, [{ id: PRODUCT.id, title: PRODUCT.title, descriptionHtml: PRODUCT.descriptionHtml }]);
  const apiId = productId(path.replace(/\/(reviews|ratings)$/, ''), '/api/v1/products/');
  if (apiId === undefined) return sendJson(res, 404, { error: `no such page: ${path}` });
  const [upstream, fallback] = path.endsWith('/reviews')
    ? [`${REVIEWS_URL}/${apiId}`, 'Sorry, product reviews are currently unavailable for this book.']
    : path.endsWith('/ratings')
      ? [`${RATINGS_URL}/${apiId}`, 'Sorry, product ratings are currently unavailable for this book.']
      : [`${DETAILS_URL}/${apiId}`, 'Sorry, product details are currently unavailable for this book.'];
  const answer = await getJson<ReviewsBody | RatingsBody | BookDetails>(upstream, headers, REVIEWS_TIMEOUT_MS);
  return answer.ok ? sendJson(res, 200, answer.body) : sendJson(res, 503, { error: fallback, cause: answer.error });
}

async function getReviews(headers: Record<string, string>): Promise<Fetched<ReviewsBody>> {
  let answer = await getJson<ReviewsBody>(`${REVIEWS_URL}/${PRODUCT.id}`, headers, REVIEWS_TIMEOUT_MS);
  for (let tries = 1; !answer.ok && tries < REVIEWS_TRIES; tries++) answer = await getJson<ReviewsBody>(`${REVIEWS_URL}/${PRODUCT.id}`, headers, REVIEWS_TIMEOUT_MS);
  return answer;
}

function cookie(req: IncomingMessage, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return safeDecode(part.slice(eq + 1).trim()) || undefined;
  }
  return undefined;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
