module.exports = {
  ...require('../../jest.preset.js'),
  // onnxruntime-node checks typed arrays with instanceof; Jest's per-file realm breaks that
  // unless the environment shares the host's typed-array constructors.
  testEnvironment: './test/support/ort-environment.js',
};
