// ESM entry: the same objects as the CommonJS entry.
import zerocall from './index.js';

export const { dlopen, UnsafePointer, UnsafePointerView, UnsafeFnPointer, UnsafeCallback, callPath, lastFastCall } = zerocall;
export default zerocall;
