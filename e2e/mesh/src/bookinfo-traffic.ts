// Reads Bookinfo's product page the way a person would, and tallies what each load showed.
import { request } from 'undici';

export interface PageView {
  readonly status: number;
  /** `reviews-v1`, …, or `unavailable` when the page could not get reviews. */
  readonly reviewsVersion: string;
  readonly stars: number;
  readonly starColors: readonly string[];
  readonly hasDetails: boolean;
  /** The page's error texts (`class="error"`), e.g. "Ratings service is currently unavailable". */
  readonly errors: readonly string[];
}

export async function viewProductPage(url: string, headers: Record<string, string> = {}): Promise<PageView> {
  const res = await request(url, { headers });
  const html = await res.body.text();
  return {
    status: res.statusCode,
    reviewsVersion: /data-reviews-version="([^"]+)"/.exec(html)?.[1] ?? 'missing',
    stars: (html.match(/★/g) ?? []).length,
    starColors: [...new Set([...html.matchAll(/class="stars" data-color="([a-z]+)"/g)].map((m) => m[1] ?? ''))],
    hasDetails: html.includes('<h4>Book Details</h4>') && html.includes('<dd>PublisherA</dd>'),
    errors: [...new Set([...html.matchAll(/class="error">([^<]*)</g)].map((m) => m[1] ?? ''))],
  };
}

/** Loads the page `n` times, `concurrency` at a time, and returns every view. */
export async function viewManyTimes(url: string, n: number, concurrency = 4): Promise<PageView[]> {
  const views: PageView[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < n) {
        next++;
        views.push(await viewProductPage(url));
      }
    }),
  );
  return views;
}

export function countBy<T>(items: readonly T[], key: (item: T) => string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const item of items) counts[key(item)] = (counts[key(item)] ?? 0) + 1;
  return counts;
}

/** How far a count may stray from n·p: `sigmas` standard deviations of the binomial distribution. */
export function binomialBound(n: number, p: number, sigmas: number): { low: number; high: number } {
  const sd = Math.sqrt(n * p * (1 - p));
  return { low: Math.floor(n * p - sigmas * sd), high: Math.ceil(n * p + sigmas * sd) };
}
