module.exports = {
  displayName: 'shared-runtime',
  preset: '../../../jest.preset.js',
  coverageDirectory: '../../../coverage/libs/shared/runtime',
};
