module.exports = {
  displayName: 'shared-config-model',
  preset: '../../../jest.preset.js',
  coverageDirectory: '../../../coverage/libs/shared/config-model',
};
