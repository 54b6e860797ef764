module.exports = {
  displayName: 'pilot-registry',
  preset: '../../../jest.preset.js',
  coverageDirectory: '../../../coverage/libs/pilot/registry',
};
