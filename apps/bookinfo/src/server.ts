// One HTTP server per Bookinfo service. Every response names the service and version that made
// it (`x-bookinfo-version: reviews-v3`), so a caller can count which version answered.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { BookinfoArgs } from './args';
import { bookDetails, RATINGS } from './catalog';
import { productId, sendJson } from './http-util';
import { handleProductPage } from './productpage';
import { reviewsFor } from './reviews';

type Handler = (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<void> | void;

function handlerFor(args: BookinfoArgs): Handler {
  switch (args.service) {
    case 'productpage':
      return handleProductPage;
    case 'details':
      return (_req, res, url) => {
        const id = productId(url.pathname, '/details/');
        return id === undefined ? sendJson(res, 404, { error: 'please provide a numeric product id: /details/<id>' }) : sendJson(res, 200, bookDetails(id));
      };
    case 'ratings':
      return (_req, res, url) => {
        const id = productId(url.pathname, '/ratings/');
        return id === undefined ? sendJson(res, 404, { error: 'please provide a numeric product id: /ratings/<id>' }) : sendJson(res, 200, { id, ratings: RATINGS });
      };
    case 'reviews':
      return async (req, res, url) => {
        const id = productId(url.pathname, '/reviews/');
        if (id === undefined) return sendJson(res, 404, { error: 'please provide a numeric product id: /reviews/<id>' });
        sendJson(res, 200, await reviewsFor(id, args.version, req.headers));
      };
  }
}

export function createBookinfoServer(args: BookinfoArgs): Server {
  const handle = handlerFor(args);
  const name = `${args.service}-${args.version}`;
  return createServer((req, res) => {
    res.setHeader('x-bookinfo-version', name);
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (req.method !== 'GET' && req.method !== 'HEAD') return sendJson(res, 405, { error: `${req.method} is not supported` });
    if (url.pathname === '/health') return sendJson(res, 200, { status: `${args.service} is healthy` });
    Promise.resolve(handle(req, res, url)).catch((err: Error) => {
      if (!res.headersSent) sendJson(res, 500, { error: err.message });
      else res.destroy(err);
    });
  });
}
