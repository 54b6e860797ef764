module.exports = {
  displayName: 'sidecar-identity',
  preset: '../../../jest.preset.js',
  coverageDirectory: '../../../coverage/libs/sidecar/identity',
};
