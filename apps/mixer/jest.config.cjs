module.exports = {
  displayName: 'mixer',
  preset: '../../jest.preset.js',
  coverageDirectory: '../../coverage/apps/mixer',
};
