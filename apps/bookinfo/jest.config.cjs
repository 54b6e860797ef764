module.exports = {
  displayName: 'bookinfo',
  preset: '../../jest.preset.js',
  coverageDirectory: '../../coverage/apps/bookinfo',
};
