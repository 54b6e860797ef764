module.exports = {
  displayName: 'injector',
  preset: '../../jest.preset.js',
  coverageDirectory: '../../coverage/apps/injector',
};
