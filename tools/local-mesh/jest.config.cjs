module.exports = {
  displayName: 'local-mesh',
  preset: '../../jest.preset.js',
  coverageDirectory: '../../coverage/tools/local-mesh',
};
