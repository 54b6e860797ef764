module.exports = {
  displayName: 'demo-app',
  preset: '../../jest.preset.js',
  coverageDirectory: '../../coverage/apps/demo-app',
};
