module.exports = async () => {
  require('./check-node.cjs');
};
