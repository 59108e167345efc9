// Type declarations for zerocall: Deno's FFI API (Deno.dlopen and friends) for Node.js.
// A definition written as a const object gives each symbol its exact JS signature.

declare const pointerBrand: unique symbol;

/** An opaque pointer (a V8 External). `null` is the NULL pointer. */
export type PointerObject<T = unknown> = { readonly [pointerBrand]: T };
/** A pointer value as the API passes and returns it. */
export type PointerValue<T = unknown> = null | PointerObject<T>;

export type NativeNumberType = "u8" | "i8" | "u16" | "i16" | "u32" | "i32" | "f32" | "f64";
export type NativeBigIntType = "u64" | "i64" | "usize" | "isize";
export type NativeBooleanType = "bool";
export type NativePointerType = "pointer";
export type NativeBufferType = "buffer";
export type NativeFunctionType = "function";
export type NativeVoidType = "void";
export interface NativeStructType {
  readonly struct: readonly NativeType[];
}

export type NativeType =
  | NativeNumberType
  | NativeBigIntType
  | NativeBooleanType
  | NativePointerType
  | NativeBufferType
  | NativeFunctionType
  | NativeStructType;
export type NativeResultType = NativeType | NativeVoidType;

/** What an argument of a native type accepts. */
export type ToNativeType<T extends NativeType> = T extends NativeNumberType
  ? number
  : T extends NativeBigIntType
    ? bigint | number
    : T extends NativeBooleanType
      ? boolean
      : T extends NativePointerType | NativeFunctionType
        ? PointerValue
        : T extends NativeBufferType
          ? ArrayBufferView | ArrayBuffer | null
          : T extends NativeStructType
            ? ArrayBufferView | ArrayBuffer
            : never;

/** What a result of a native type gives. */
export type FromNativeType<T extends NativeResultType> = T extends NativeNumberType
  ? number
  : T extends NativeBigIntType
    ? bigint
    : T extends NativeBooleanType
      ? boolean
      : T extends NativePointerType | NativeFunctionType | NativeBufferType
        ? PointerValue
        : T extends NativeStructType
          ? Uint8Array
          : T extends NativeVoidType
            ? void
            : never;

type ToNativeParameters<P extends readonly NativeType[]> = { [K in keyof P]: P[K] extends NativeType ? ToNativeType<P[K]> : never };

export interface ForeignFunction<
  Parameters extends readonly NativeType[] = readonly NativeType[],
  Result extends NativeResultType = NativeResultType,
  NonBlocking extends boolean = boolean,
> {
  /** The C symbol to bind, when it differs from the key. */
  name?: string;
  parameters: Parameters;
  result: Result;
  /** Run the call on the libuv thread pool and return a Promise of the result. */
  nonblocking?: NonBlocking;
  /** A missing symbol becomes `null` instead of an error. */
  optional?: boolean;
  /** The C function may call back into JS while it runs. */
  callback?: boolean;
}

export interface ForeignStatic<Type extends NativeType = NativeType> {
  name?: string;
  type: Type;
  optional?: boolean;
}

export interface ForeignLibraryInterface {
  [name: string]: ForeignFunction | ForeignStatic;
}

type ForeignSymbol<T extends ForeignFunction | ForeignStatic> = T extends ForeignFunction
  ? (...args: ToNativeParameters<T["parameters"]>) => T["nonblocking"] extends true
      ? Promise<FromNativeType<T["result"]>>
      : FromNativeType<T["result"]>
  : T extends ForeignStatic
    ? FromNativeType<T["type"]>
    : never;

export type StaticForeignLibraryInterface<T extends ForeignLibraryInterface> = {
  [K in keyof T]: T[K]["optional"] extends true ? ForeignSymbol<T[K]> | null : ForeignSymbol<T[K]>;
};

export interface DynamicLibrary<S extends ForeignLibraryInterface> {
  readonly symbols: StaticForeignLibraryInterface<S>;
  /** Unloads the library; its symbols throw from then on. A second call does nothing. */
  close(): void;
  [Symbol.dispose](): void;
}

/** How dlopen loads the library (zerocall's addition to Deno's dlopen). */
export interface DlopenOptions {
  /** RTLD_GLOBAL: the library's symbols resolve later loads and dlopen(null). Default false. */
  global?: boolean;
  /** RTLD_LAZY (true, the default) or RTLD_NOW (false: every function resolved at open). */
  lazy?: boolean;
  /** RTLD_DEEPBIND: the library's own symbols come before global ones. Default false. */
  deepBind?: boolean;
}

/** Loads a shared library (or the running process, with `null`) and binds `symbols`. */
export function dlopen<const S extends ForeignLibraryInterface>(
  filename: string | URL | null,
  symbols: S,
  options?: DlopenOptions,
): DynamicLibrary<S>;

export class UnsafePointer {
  private constructor();
  static create<T = unknown>(value: bigint | number): PointerValue<T>;
  static equals<T = unknown>(a: PointerValue<T>, b: PointerValue<T>): boolean;
  static of<T = unknown>(value: ArrayBufferView | ArrayBuffer | UnsafeCallback): PointerValue<T>;
  static offset<T = unknown>(value: PointerObject, offset: number | bigint): PointerValue<T>;
  static value(value: PointerValue): bigint;
}

export class UnsafePointerView {
  constructor(pointer: PointerObject);
  pointer: PointerObject;
  getBool(offset?: number): boolean;
  getUint8(offset?: number): number;
  getInt8(offset?: number): number;
  getUint16(offset?: number): number;
  getInt16(offset?: number): number;
  getUint32(offset?: number): number;
  getInt32(offset?: number): number;
  getBigUint64(offset?: number): bigint;
  getBigInt64(offset?: number): bigint;
  getFloat32(offset?: number): number;
  getFloat64(offset?: number): number;
  getPointer<T = unknown>(offset?: number): PointerValue<T>;
  /** Up to the first NUL, or at most `maxByteLength` bytes; UTF-8 errors become U+FFFD. */
  getCString(offset?: number, maxByteLength?: number): string;
  getArrayBuffer(byteLength: number, offset?: number): ArrayBuffer;
  copyInto(destination: ArrayBufferView | ArrayBuffer, offset?: number): void;
  /** Copies `source.byteLength` bytes to the pointer plus `offset` (the reverse of copyInto). */
  copyFrom(source: ArrayBufferView | ArrayBuffer, offset?: number): void;
  // Writes in native byte order, with the argument rules of a parameter of that type.
  setBool(offset: number, value: boolean): void;
  setUint8(offset: number, value: number): void;
  setInt8(offset: number, value: number): void;
  setUint16(offset: number, value: number): void;
  setInt16(offset: number, value: number): void;
  setUint32(offset: number, value: number): void;
  setInt32(offset: number, value: number): void;
  setBigUint64(offset: number, value: bigint | number): void;
  setBigInt64(offset: number, value: bigint | number): void;
  setFloat32(offset: number, value: number): void;
  setFloat64(offset: number, value: number): void;
  setPointer(offset: number, value: PointerValue): void;
  static getCString(pointer: PointerObject, offset?: number, maxByteLength?: number): string;
  static getArrayBuffer(pointer: PointerObject, byteLength: number, offset?: number): ArrayBuffer;
  static copyInto(pointer: PointerObject, destination: ArrayBufferView | ArrayBuffer, offset?: number): void;
  static copyFrom(pointer: PointerObject, source: ArrayBufferView | ArrayBuffer, offset?: number): void;
}

export class UnsafeFnPointer<Fn extends ForeignFunction = ForeignFunction> {
  constructor(pointer: PointerObject, definition: Fn);
  readonly pointer: PointerObject;
  readonly definition: Fn;
  readonly call: ForeignSymbol<Fn>;
}

/** What an UnsafeCallback's JS function receives and returns. */
export interface UnsafeCallbackDefinition<
  Parameters extends readonly NativeType[] = readonly NativeType[],
  Result extends NativeResultType = NativeResultType,
> {
  parameters: Parameters;
  result: Result;
}

type FromNativeParameters<P extends readonly NativeType[]> = {
  [K in keyof P]: P[K] extends NativeType ? FromNativeType<P[K]> : never;
};

export type UnsafeCallbackFunction<D extends UnsafeCallbackDefinition> = (
  ...args: FromNativeParameters<D["parameters"]>
) => D["result"] extends NativeVoidType ? void : ToNativeType<Exclude<D["result"], NativeVoidType>>;

/**
 * A C function pointer that calls a JS function: synchronously when C calls it on the
 * JS thread, and from any other thread by waiting for the JS thread to run it.
 */
export class UnsafeCallback<const D extends UnsafeCallbackDefinition = UnsafeCallbackDefinition> {
  constructor(definition: D, callback: UnsafeCallbackFunction<D>);
  readonly pointer: PointerObject;
  readonly definition: D;
  readonly callback: UnsafeCallbackFunction<D>;
  /** A callback ref'd once: it keeps the event loop alive until unref() or close(). */
  static threadSafe<const D extends UnsafeCallbackDefinition>(
    definition: D,
    callback: UnsafeCallbackFunction<D>,
  ): UnsafeCallback<D>;
  /** Adds one to the reference count and returns it; above zero the event loop stays alive. */
  ref(): number;
  /** Removes one from the reference count and returns it. */
  unref(): number;
  /** Later calls of the pointer report an error and return zero. */
  close(): void;
  [Symbol.dispose](): void;
}
