module.exports = {
  displayName: 'galley-validation',
  preset: '../../../jest.preset.js',
  coverageDirectory: '../../../coverage/libs/galley/validation',
};
