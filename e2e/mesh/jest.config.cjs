module.exports = {
  displayName: 'e2e-mesh',
  preset: '../../jest.preset.js',
  coverageDirectory: '../../coverage/e2e/mesh',
  // The e2e suite starts the whole local mesh: real processes, real ports.
  testTimeout: 120_000,
  maxWorkers: 1,
};
