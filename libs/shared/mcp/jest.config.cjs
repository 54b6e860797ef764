module.exports = {
  displayName: 'shared-mcp',
  preset: '../../../jest.preset.js',
  coverageDirectory: '../../../coverage/libs/shared/mcp',
};
