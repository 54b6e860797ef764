module.exports = {
  displayName: 'sidecar-inbound',
  preset: '../../../jest.preset.js',
  coverageDirectory: '../../../coverage/libs/sidecar/inbound',
};
