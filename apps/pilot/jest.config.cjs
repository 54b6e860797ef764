module.exports = {
  displayName: 'pilot',
  preset: '../../jest.preset.js',
  coverageDirectory: '../../coverage/apps/pilot',
};
