module.exports = {
  displayName: 'injector-golden-data',
  preset: '../../../jest.preset.js',
  coverageDirectory: '../../../coverage/libs/injector/golden-data',
};
