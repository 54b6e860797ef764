module.exports = {
  displayName: 'shared-certificates',
  preset: '../../../jest.preset.js',
  coverageDirectory: '../../../coverage/libs/shared/certificates',
};
