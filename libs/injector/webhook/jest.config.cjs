module.exports = {
  displayName: 'injector-webhook',
  preset: '../../../jest.preset.js',
  coverageDirectory: '../../../coverage/libs/injector/webhook',
};
