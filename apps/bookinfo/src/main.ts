// Bookinfo, the demo application of the local mesh: one program, four services (productpage,
// details, reviews v1/v2/v3, ratings). It has no mesh code: its calls go to plain service names
// (http://reviews:9080/...) through whatever HTTP proxy the environment names.
import { parseBookinfoArgs, USAGE, type BookinfoArgs } from './args';
import { createBookinfoServer } from './server';
import { closeUpstreams } from './upstream';

let args: BookinfoArgs;
try {
  args = parseBookinfoArgs(process.argv.slice(2));
} catch (err) {
  console.error(`bookinfo: ${(err as Error).message}\n${USAGE}`);
  process.exit(2);
}

const name = `${args.service}-${args.version}`;
const server = createBookinfoServer(args);
server.on('error', (err) => {
  console.error(`bookinfo ${name}: cannot listen on ${args.host}:${args.port}: ${err.message}`);
  process.exit(1);
});
server.listen(args.port, args.host, () => {
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : args.port;
  console.log(`bookinfo ${name} listening on ${args.host}:${port}${process.env['HTTP_PROXY'] ? ` (calls through ${process.env['HTTP_PROXY']})` : ''}`);
});
const stop = () => {
  server.close(() => void closeUpstreams().finally(() => process.exit(0)));
  server.closeIdleConnections();
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
