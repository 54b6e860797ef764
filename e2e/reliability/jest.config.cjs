module.exports = {
  displayName: 'e2e-reliability',
  preset: '../../jest.preset.js',
  coverageDirectory: '../../coverage/e2e/reliability',
  // Real citadel, galley, pilot and three sidecars under load; the control-plane outage alone lasts 60 s.
  testTimeout: 150_000,
  maxWorkers: 1,
};
