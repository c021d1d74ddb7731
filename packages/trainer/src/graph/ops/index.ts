/** Op helpers: each appends one ONNX node to a GraphBuilder and infers its output's dtype and static shape. */
export * from './elementwise';
export * from './reduce';
export * from './shape-ops';
export * from './indexing';
export * from './nn';
