// Runs s3rver (an S3-compatible server on the local disk) for development and tests.
// Usage: node infra/local/s3-server.js --port 54569 --dir .data/s3 --bucket whetstone
'use strict';
const S3rver = require('s3rver');

function arg(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
}

const server = new S3rver({
  port: Number(arg('port', '54569')),
  address: '127.0.0.1',
  directory: arg('dir', '.data/s3'),
  silent: true,
  configureBuckets: [{ name: arg('bucket', 'whetstone') }],
  allowMismatchedSignatures: false,
});

server.run().then(
  () => console.log(`s3rver listening on 127.0.0.1:${arg('port', '54569')}`),
  (err) => { console.error(err); process.exit(1); },
);
// server.close() alone waits for every keep-alive connection to go idle, which an SDK client
// never does: drop the connections, and exit regardless after a second.
const stop = () => {
  setTimeout(() => process.exit(0), 1000).unref();
  const closing = server.close();
  server.httpServer?.closeAllConnections?.();
  closing.finally(() => process.exit(0));
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
