module.exports = {
  displayName: 'citadel',
  preset: '../../jest.preset.js',
  coverageDirectory: '../../coverage/apps/citadel',
};
