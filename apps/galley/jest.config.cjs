module.exports = {
  displayName: 'galley',
  preset: '../../jest.preset.js',
  coverageDirectory: '../../coverage/apps/galley',
};
