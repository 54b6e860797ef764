module.exports = {
  displayName: 'xds-load',
  preset: '../../jest.preset.js',
  coverageDirectory: '../../coverage/tools/xds-load',
};
