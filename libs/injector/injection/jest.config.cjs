module.exports = {
  displayName: 'injector-injection',
  preset: '../../../jest.preset.js',
  coverageDirectory: '../../../coverage/libs/injector/injection',
};
