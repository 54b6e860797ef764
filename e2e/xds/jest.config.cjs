module.exports = {
  displayName: 'e2e-xds',
  preset: '../../jest.preset.js',
  coverageDirectory: '../../coverage/e2e/xds',
  // Starts real galley + pilot processes and gRPC servers on loopback.
  testTimeout: 120_000,
  maxWorkers: 1,
};
