module.exports = {
  displayName: 'shared-attributes',
  preset: '../../../jest.preset.js',
  coverageDirectory: '../../../coverage/libs/shared/attributes',
};
