module.exports = {
  displayName: 'shared-errors',
  preset: '../../../jest.preset.js',
  coverageDirectory: '../../../coverage/libs/shared/errors',
};
