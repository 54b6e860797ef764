// The reviews service: v1 shows no stars, v2 asks ratings and shows black stars, v3 red ones.
import type { IncomingHttpHeaders } from 'node:http';
import type { Version } from './args';
import { REVIEWS } from './catalog';
import { forwardedHeaders, getJson } from './upstream';

export const RATINGS_URL = 'http://ratings:9080/ratings';
// Istio's reviews v2/v3 give ratings 10 s.
const RATINGS_TIMEOUT_MS = 10_000;

export type Rating = { stars: number; color: 'black' | 'red' } | { error: string };

export interface ReviewsBody {
  readonly id: number;
  readonly version: string;
  readonly reviews: ReadonlyArray<{ reviewer: string; text: string; rating?: Rating }>;
}

export interface RatingsBody {
  readonly id: number;
  readonly ratings: Readonly<Record<string, number>>;
}

export async function reviewsFor(id: number, version: Version, incoming: IncomingHttpHeaders): Promise<ReviewsBody> {
  const name = `reviews-${version}`;
  if (version === 'v1') return { id, version: name, reviews: REVIEWS.map((r) => ({ ...r })) };
  const color = version === 'v2' ? 'black' : 'red';
  const ratings = await getJson<RatingsBody>(`${RATINGS_URL}/${id}`, forwardedHeaders(incoming), RATINGS_TIMEOUT_MS);
  return {
    id,
    version: name,
    reviews: REVIEWS.map((r): { reviewer: string; text: string; rating: Rating } => {
      if (!ratings.ok) return { ...r, rating: { error: 'Ratings service is currently unavailable' } };
      const stars = ratings.body.ratings[r.reviewer];
      return { ...r, rating: stars === undefined ? { error: 'Ratings service returned no rating' } : { stars, color } };
    }),
  };
}
