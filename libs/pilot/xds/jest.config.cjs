module.exports = {
  displayName: 'pilot-xds',
  preset: '../../../jest.preset.js',
  coverageDirectory: '../../../coverage/libs/pilot/xds',
};
