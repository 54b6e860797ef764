module.exports = {
  displayName: 'galley-mcp-server',
  preset: '../../../jest.preset.js',
  coverageDirectory: '../../../coverage/libs/galley/mcp-server',
};
