module.exports = {
  displayName: 'mixer-api',
  preset: '../../../jest.preset.js',
  coverageDirectory: '../../../coverage/libs/mixer/api',
};
