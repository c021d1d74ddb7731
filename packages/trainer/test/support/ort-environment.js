/**
 * Jest runs each test file in its own V8 realm, so a Float32Array made there is not `instanceof` the
 * Float32Array of the realm the onnxruntime-node binding returns its outputs in, and onnxruntime-common
 * rejects them ("A float32 tensor's data must be type of Float32Array"). This environment gives the test
 * realm the host realm's typed-array constructors. Test files that run ONNX Runtime opt in with
 * `@jest-environment ./test/support/ort-environment.js` (or the package's jest config can set it).
 */
const { TestEnvironment } = require('jest-environment-node');

const SHARED = [
  'ArrayBuffer', 'SharedArrayBuffer', 'DataView',
  'Float32Array', 'Float64Array', 'Int8Array', 'Uint8Array', 'Uint8ClampedArray',
  'Int16Array', 'Uint16Array', 'Int32Array', 'Uint32Array', 'BigInt64Array', 'BigUint64Array',
];

class OrtEnvironment extends TestEnvironment {
  constructor(config, context) {
    super(config, context);
    for (const name of SHARED) this.global[name] = globalThis[name];
  }
}

module.exports = OrtEnvironment;
