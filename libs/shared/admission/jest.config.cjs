module.exports = {
  displayName: 'shared-admission',
  preset: '../../../jest.preset.js',
  coverageDirectory: '../../../coverage/libs/shared/admission',
};
