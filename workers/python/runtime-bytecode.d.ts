// The build's bytecode of the codeact_runtime package (scripts/vite/runtime-bytecode.mjs):
// path under the package (`__pycache__/kernel.cpython-314.pyc`) → base64 of the .pyc file.
declare module 'virtual:codeact-runtime-bytecode' {
  const bytecode: Record<string, string>;
  export default bytecode;
}
