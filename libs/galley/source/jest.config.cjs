module.exports = {
  displayName: 'galley-source',
  preset: '../../../jest.preset.js',
  coverageDirectory: '../../../coverage/libs/galley/source',
};
