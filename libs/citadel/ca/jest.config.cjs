module.exports = {
  displayName: 'citadel-ca',
  preset: '../../../jest.preset.js',
  coverageDirectory: '../../../coverage/libs/citadel/ca',
};
