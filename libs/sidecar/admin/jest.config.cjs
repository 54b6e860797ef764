module.exports = {
  displayName: 'sidecar-admin',
  preset: '../../../jest.preset.js',
  coverageDirectory: '../../../coverage/libs/sidecar/admin',
};
