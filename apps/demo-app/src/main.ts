// A tiny stand-in for an application in the local mesh: it knows nothing about the mesh.
// Usage: demo-app --name details --version v1 --host 127.1.0.11 --port 9080
import { createServer } from 'node:http';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    name: { type: 'string', default: 'demo' },
    version: { type: 'string', default: 'v1' },
    host: { type: 'string', default: '127.0.0.1' },
    port: { type: 'string', default: '9080' },
  },
});
const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`demo-app: --port must be a port number, got "${values.port}"`);
  process.exit(2);
}

const server = createServer((req, res) => {
  const body = JSON.stringify({ service: values.name, version: values.version, path: req.url, method: req.method });
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  res.end(body);
});
server.on('error', (err) => {
  console.error(`demo-app ${values.name}: cannot listen on ${values.host}:${port}: ${err.message}`);
  process.exit(1);
});
server.listen(port, values.host, () => console.log(`demo-app ${values.name} ${values.version} listening on ${values.host}:${port}`));
const stop = () => server.close(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
