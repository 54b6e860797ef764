module.exports = {
  displayName: 'injector-kube-inject',
  preset: '../../../jest.preset.js',
  coverageDirectory: '../../../coverage/libs/injector/kube-inject',
};
