module.exports = {
  displayName: 'sidecar-mixer-client',
  preset: '../../../jest.preset.js',
  coverageDirectory: '../../../coverage/libs/sidecar/mixer-client',
};
