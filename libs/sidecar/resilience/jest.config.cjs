module.exports = {
  displayName: 'sidecar-resilience',
  preset: '../../../jest.preset.js',
  coverageDirectory: '../../../coverage/libs/sidecar/resilience',
};
