module.exports = {
  displayName: 'istioctl',
  preset: '../../jest.preset.js',
  coverageDirectory: '../../coverage/apps/istioctl',
};
