// The product page's HTML. Tests and people read the same markup: data-* attributes name what
// each part shows (which reviews version answered, the star colour), so a script need not guess.
import { type BookDetails, PRODUCT } from './catalog';
import { escapeHtml } from './http-util';
import type { Rating, ReviewsBody } from './reviews';
import type { Fetched } from './upstream';

export interface PageInput {
  readonly user: string | undefined;
  readonly details: Fetched<BookDetails>;
  readonly reviews: Fetched<ReviewsBody>;
}

export function renderProductPage({ user, details, reviews }: PageInput): string {
  return `<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>Simple Bookstore App</title>
<style>body{font-family:sans-serif;margin:2em auto;max-width:60em}.stars{font-size:1.4em}.error{color:#a00}
section{display:inline-block;vertical-align:top;width:45%;margin-right:4%}nav{float:right}</style></head>
<body>
<nav>${user ? `signed in as <b id="user">${escapeHtml(user)}</b> · <a href="/logout">sign out</a>` : '<a href="/productpage?u=jason">sign in as jason</a>'}</nav>
<h1>${PRODUCT.title}</h1>
<p>${PRODUCT.descriptionHtml}</p>
<section id="details">${renderDetails(details)}</section>
<section id="reviews" data-reviews-version="${reviews.ok ? escapeHtml(reviews.body.version) : 'unavailable'}">${renderReviews(reviews)}</section>
</body>
</html>
`;
}

function renderDetails(details: Fetched<BookDetails>): string {
  if (!details.ok) return '<h4 class="error">Error fetching product details!</h4><p>Sorry, product details are currently unavailable for this book.</p>';
  const d = details.body;
  const rows: Array<[string, string | number]> = [['Type', d.type], ['Pages', d.pages], ['Publisher', d.publisher], ['Language', d.language], ['ISBN-10', d['ISBN-10']], ['ISBN-13', d['ISBN-13']]];
  return `<h4>Book Details</h4><dl>${rows.map(([k, v]) => `<dt>${k}:</dt><dd>${escapeHtml(String(v))}</dd>`).join('')}</dl>`;
}

function renderReviews(reviews: Fetched<ReviewsBody>): string {
  if (!reviews.ok) return '<h4 class="error">Error fetching product reviews!</h4><p>Sorry, product reviews are currently unavailable for this book.</p>';
  const items = reviews.body.reviews.map(
    (r) => `<blockquote><p>${escapeHtml(r.text)}</p><small>${escapeHtml(r.reviewer)}</small>${r.rating ? renderStars(r.rating) : ''}</blockquote>`,
  );
  return `<h4>Book Reviews</h4>${items.join('\n')}<p><small>Reviews served by: <b>${escapeHtml(reviews.body.version)}</b></small></p>`;
}

function renderStars(rating: Rating): string {
  if ('error' in rating) return `<p class="error">${escapeHtml(rating.error)}</p>`;
  const stars = Math.max(0, Math.min(5, rating.stars));
  return `<p class="stars" data-color="${rating.color}" style="color:${rating.color}">${'★'.repeat(stars)}${'☆'.repeat(5 - stars)}</p>`;
}
