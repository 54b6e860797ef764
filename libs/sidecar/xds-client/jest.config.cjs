module.exports = {
  displayName: 'sidecar-xds-client',
  preset: '../../../jest.preset.js',
  coverageDirectory: '../../../coverage/libs/sidecar/xds-client',
};
