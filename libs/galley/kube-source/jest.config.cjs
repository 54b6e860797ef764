// @kubernetes/client-node and several of its dependencies are ESM-only; jest runs CommonJS, so
// those packages are compiled by the same swc transform as our sources instead of being skipped.
const base = require('../../../jest.preset.js');

module.exports = {
  displayName: 'galley-kube-source',
  preset: '../../../jest.preset.js',
  coverageDirectory: '../../../coverage/libs/galley/kube-source',
  transform: {
    '^.+\\.[cm]?[tj]s$': base.transform['^.+\\.[tj]s$'],
  },
  transformIgnorePatterns: ['/node_modules/(?!(@kubernetes/client-node|openid-client|oauth4webapi|jose|jsonpath-plus|rfc4648|socks-proxy-agent|agent-base)/)'],
};
