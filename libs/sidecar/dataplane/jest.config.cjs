module.exports = {
  displayName: 'sidecar-dataplane',
  preset: '../../../jest.preset.js',
  coverageDirectory: '../../../coverage/libs/sidecar/dataplane',
};
