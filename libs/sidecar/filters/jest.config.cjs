module.exports = {
  displayName: 'sidecar-filters',
  preset: '../../../jest.preset.js',
  coverageDirectory: '../../../coverage/libs/sidecar/filters',
};
