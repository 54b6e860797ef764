module.exports = {
  displayName: 'sidecar-agent',
  preset: '../../../jest.preset.js',
  coverageDirectory: '../../../coverage/libs/sidecar/agent',
};
