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
/** C strings: UTF-8 `char*` and UTF-16 `char16_t*`. */
export type NativeCStringType = "cstring" | "cstring16";
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
  | NativeCStringType
  | NativeStructType
  | StructType<any>;
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
          : T extends NativeCStringType
            ? string | null | ArrayBufferView | ArrayBuffer | PointerValue
          : T extends NativeStructType
            ? ArrayBufferView | ArrayBuffer
            : T extends StructType<infer F>
              ? StructValue<F> | ArrayBufferView | ArrayBuffer
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
        : T extends NativeCStringType
          ? string | null
        : T extends NativeStructType
          ? Uint8Array
          : T extends StructType<infer F>
            ? StructValue<F>
            : T extends NativeVoidType
              ? void
              : never;

/** An out-parameter: the argument is a one-element array (a holder); C gets the address of
 * a temporary T, and after the call holder[0] is its value (inout: initialised from it). */
export type OutParameterType<T extends NativeType = NativeType> = { readonly out: T } | { readonly inout: T };
export type ForeignParameterType = NativeType | OutParameterType;

/**
 * In a function's `parameters`: the types before it are a variadic function's fixed
 * parameters, the types after it one call shape of its variable part (C's promoted types).
 */
export type VariadicMarker = "...";

type ToNativeParameter<P> = P extends { readonly out: infer T extends NativeType }
  ? [FromNativeType<T> | null | undefined]
  : P extends { readonly inout: infer T extends NativeType }
    ? [ToNativeType<T> | FromNativeType<T>]
    : P extends NativeType
      ? ToNativeType<P>
      : never;
// The arguments of a parameter list; the "..." marker takes none.
type ToNativeParameters<P extends readonly (ForeignParameterType | VariadicMarker)[]> = VariadicMarker extends P[number]
  ? number extends P["length"]
    ? ToNativeParameter<Exclude<P[number], VariadicMarker>>[]
    : VariadicArguments<P>
  : { [K in keyof P]: ToNativeParameter<P[K]> };
type VariadicArguments<P, Done extends unknown[] = []> = P extends readonly [infer T, ...infer Rest]
  ? VariadicArguments<Rest, T extends VariadicMarker ? Done : [...Done, ToNativeParameter<T>]>
  : Done;

export interface ForeignFunction<
  Parameters extends readonly (ForeignParameterType | VariadicMarker)[] = readonly (ForeignParameterType | VariadicMarker)[],
  Result extends NativeResultType = NativeResultType,
  NonBlocking extends boolean = boolean,
> {
  /** The C symbol to bind, when it differs from the key. */
  name?: string;
  /** `"..."` once, not last, makes the function variadic (see {@link VariadicMarker}). */
  parameters: Parameters;
  result: Result;
  /** Run the call on the libuv thread pool and return a Promise of the result. */
  nonblocking?: NonBlocking;
  /** A missing symbol becomes `null` instead of an error. */
  optional?: boolean;
  /** The C function may call back into JS while it runs. */
  callback?: boolean;
  /**
   * Save C's `errno` right after each call: `errno()` reads it; a nonblocking call's
   * Promise resolves to `{ value, errno }`.
   */
  errno?: boolean;
}

export interface ForeignStatic<Type extends NativeType = NativeType> {
  name?: string;
  type: Type;
  optional?: boolean;
}

export interface ForeignLibraryInterface {
  [name: string]: ForeignFunction | ForeignStatic | string | BunForeignFunction | NodeForeignFunction;
}

type ForeignSymbol<T> = T extends string
  ? PrototypeFunction<T>
  : T extends ForeignFunction
    ? T["nonblocking"] extends true
      ? (...args: ToNativeParameters<T["parameters"]>) =>
          Promise<T["errno"] extends true ? { value: FromNativeType<T["result"]>; errno: number } : FromNativeType<T["result"]>>
      : T["result"] extends NativeStructType | StructType<any>
        ? /** A struct result may go into the caller's buffer, given after the arguments. */
          (...args: [...ToNativeParameters<T["parameters"]>, out?: ArrayBufferView | ArrayBuffer]) =>
            FromNativeType<T["result"]>
        : (...args: ToNativeParameters<T["parameters"]>) => FromNativeType<T["result"]>
    : T extends ForeignStatic
      ? FromNativeType<T["type"]>
      : T extends { args: unknown } | { returns: unknown }
        ? SpelledFunction<T, "args", "returns", BunArgumentTypes, BunResultTypes>
        : T extends { arguments: unknown } | { return: unknown }
          ? SpelledFunction<T, "arguments", "return", NodeArgumentTypes, NodeResultTypes>
          : never;

export type StaticForeignLibraryInterface<T extends ForeignLibraryInterface> = {
  [K in keyof T]: T[K] extends { optional: true } ? ForeignSymbol<T[K]> | null : ForeignSymbol<T[K]>;
};

export interface DynamicLibrary<S extends ForeignLibraryInterface> {
  readonly symbols: StaticForeignLibraryInterface<S>;
  /** node:ffi's names: `functions` is `symbols`, `lib` the library itself. */
  readonly functions: StaticForeignLibraryInterface<S>;
  readonly lib: DynamicLibrary<S>;
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
  static value(value: PointerValue | UnsafeCallback): bigint;
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

export class UnsafeFnPointer<const Fn extends ForeignFunction | string = ForeignFunction> {
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
  /** Fire-and-forget (result void): calls are queued for the JS thread; C never waits. */
  nonblocking?: boolean;
}

type FromNativeParameters<P extends readonly NativeType[]> = {
  [K in keyof P]: P[K] extends NativeType ? FromNativeType<P[K]> : never;
};

export type UnsafeCallbackFunction<D extends UnsafeCallbackDefinition | string> = D extends string
  ? PrototypeCallback<D>
  : D extends UnsafeCallbackDefinition
    ? (...args: FromNativeParameters<D["parameters"]>) => D["result"] extends NativeVoidType
        ? void
        : ToNativeType<Exclude<D["result"], NativeVoidType>>
    : never;

/**
 * A C function pointer that calls a JS function: synchronously when C calls it on the
 * JS thread, and from any other thread by waiting for the JS thread to run it.
 */
export class UnsafeCallback<const D extends UnsafeCallbackDefinition | string = UnsafeCallbackDefinition> {
  constructor(definition: D, callback: UnsafeCallbackFunction<D>);
  readonly pointer: PointerObject;
  readonly definition: D;
  readonly callback: UnsafeCallbackFunction<D>;
  /** A callback ref'd once: it keeps the event loop alive until unref() or close(). */
  static threadSafe<const D extends UnsafeCallbackDefinition | string>(
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

// ---- Named aggregate types: struct(), union(), array() ---------------------------------

type Bytes = ArrayBufferView | ArrayBuffer;
/** A scalar as a struct field or array element. */
export type ScalarTypeName = NativeNumberType | NativeBigIntType | NativeBooleanType | NativePointerType | NativeBufferType | NativeFunctionType;
export type FieldType = ScalarTypeName | AggregateType<any>;
/** A field: its type, or its type with an alignment of its own (`{ type: "u32", align: 16 }`). */
export type FieldSpec = FieldType | { readonly type: FieldType; readonly align?: number };
type FieldTypeOf<S> = S extends { readonly type: infer T } ? T : S;
/** The JS value of a field of type T. */
export type FieldValue<T> = T extends AggregateType<infer V>
  ? V
  : T extends NativeNumberType
    ? number
    : T extends NativeBigIntType
      ? bigint
      : T extends NativeBooleanType
        ? boolean
        : T extends NativePointerType | NativeBufferType | NativeFunctionType
          ? PointerValue
          : never;
export type StructValue<F> = { -readonly [K in keyof F]: FieldValue<FieldTypeOf<F[K]>> };

/** A type with C's layout, converting between JS values and bytes. */
export interface AggregateType<V = unknown> {
  readonly kind: "struct" | "union" | "array";
  readonly size: number;
  readonly align: number;
  /** The bytes of a value (bytes of the right size are passed through). */
  encode(value: V | Bytes): Bytes;
  decode(bytes: Bytes): V;
  /** Through a pointer, or in a buffer, at a byte offset. */
  read(from: PointerObject | Bytes, offset?: number): V;
  write(to: PointerObject | Bytes, value: V | Bytes, offset?: number): void;
}
export interface StructType<F = Record<string, FieldSpec>> extends AggregateType<StructValue<F>> {
  readonly kind: "struct";
  readonly name: string | undefined;
  readonly offsets: { readonly [K in keyof F]: number };
  readonly fields: { readonly [K in keyof F]: FieldTypeOf<F[K]> };
}
/** A union: written from an object with exactly one of its fields; read as all of them. */
export interface UnionType<F = Record<string, FieldSpec>> extends AggregateType<Partial<StructValue<F>>> {
  readonly kind: "union";
  readonly name: string | undefined;
  readonly offsets: { readonly [K in keyof F]: number };
  readonly fields: { readonly [K in keyof F]: FieldTypeOf<F[K]> };
}
export interface ArrayType<T extends FieldType = FieldType, N extends number = number> extends AggregateType<FieldValue<T>[]> {
  readonly kind: "array";
  readonly element: T;
  readonly length: N;
}
export interface AggregateOptions {
  /** At most this alignment for every field (C's #pragma pack / __attribute__((packed)) is 1). */
  pack?: number;
  /** At least this alignment for the whole type. */
  align?: number;
}
export function struct<const F extends Record<string, FieldSpec>>(fields: F, options?: AggregateOptions, name?: string): StructType<F>;
export function union<const F extends Record<string, FieldSpec>>(fields: F, options?: AggregateOptions, name?: string): UnionType<F>;
export function array<const T extends FieldType, const N extends number>(element: T, length: N): ArrayType<T, N>;

// ---- cdef -------------------------------------------------------------------------------

export interface CDefinitions {
  /** A definitions object for dlopen (functions, and variables as statics). */
  symbols: Record<string, ForeignFunction | ForeignStatic>;
  /** Typedefs and tagged types: aggregate types, callback definitions, enum objects, scalar names. */
  types: Record<string, AggregateType<any> | UnsafeCallbackDefinition | Readonly<Record<string, number | bigint>> | string>;
  /** Enumerators and #define integer constants. */
  constants: Record<string, number | bigint>;
  /** What could not be bound, and why (with the line and column). */
  skipped: Record<string, string>;
}
/** Parses C declarations (a header, preprocessed or not). `types` names types the text may use. */
export function cdef(text: string, options?: { types?: Record<string, unknown> }): CDefinitions;

// ---- Other FFIs' spellings --------------------------------------------------------------

/** "so": the library suffix, as Bun and node:ffi export it. */
export const suffix: "so";
/** bun:ffi's FFIType enum: the numbers Bun code may pass instead of type names. */
export const FFIType: {
  readonly char: 0; readonly int8_t: 1; readonly i8: 1; readonly uint8_t: 2; readonly u8: 2; readonly int16_t: 3;
  readonly i16: 3; readonly uint16_t: 4; readonly u16: 4; readonly int32_t: 5; readonly i32: 5; readonly int: 5;
  readonly uint32_t: 6; readonly u32: 6; readonly int64_t: 7; readonly i64: 7; readonly uint64_t: 8; readonly u64: 8;
  readonly double: 9; readonly f64: 9; readonly float: 10; readonly f32: 10; readonly bool: 11; readonly ptr: 12;
  readonly pointer: 12; readonly void: 13; readonly cstring: 14; readonly i64_fast: 15; readonly u64_fast: 16;
  readonly function: 17; readonly napi_env: 18; readonly napi_value: 19; readonly buffer: 20;
};

type BunPointerArgument = number | bigint | ArrayBufferView | PointerObject | UnsafeCallback | null;
interface BunArgumentTypes {
  number: number; bigint: number | bigint; fast: number | bigint; boolean: boolean; pointer: BunPointerArgument; buffer: Bytes | null; void: never;
  cstring: string | BunPointerArgument;
}
interface BunResultTypes {
  number: number; bigint: bigint; fast: number | bigint; boolean: boolean; pointer: number | null; buffer: number | null; void: void;
  cstring: string | null;
}
type BunKind = {
  char: "number"; int8_t: "number"; i8: "number"; uint8_t: "number"; u8: "number"; int16_t: "number"; i16: "number";
  uint16_t: "number"; u16: "number"; int32_t: "number"; i32: "number"; int: "number"; c_int: "number"; uint32_t: "number";
  u32: "number"; c_uint: "number"; int64_t: "bigint"; i64: "bigint"; isize: "bigint"; uint64_t: "bigint"; u64: "bigint";
  usize: "bigint"; size_t: "bigint"; i64_fast: "fast"; u64_fast: "fast"; double: "number"; f64: "number";
  float: "number"; f32: "number"; bool: "boolean"; ptr: "pointer"; pointer: "pointer"; "void*": "pointer";
  "char*": "pointer"; cstring: "cstring"; function: "pointer"; callback: "pointer"; fn: "pointer"; buffer: "buffer";
  void: "void";
};
type BunTypeName = keyof BunKind | (typeof FFIType)[keyof typeof FFIType];
type BunNumberKind = ["number", "number", "number", "number", "number", "number", "number", "bigint", "bigint",
  "number", "number", "boolean", "pointer", "void", "cstring", "fast", "fast", "pointer", "void", "void", "buffer"];
export interface BunForeignFunction {
  args?: readonly BunTypeName[];
  returns?: BunTypeName;
  name?: string;
  optional?: boolean;
  nonblocking?: boolean;
  callback?: boolean;
}

type NodePointerArgument = bigint | Bytes | null | undefined;
interface NodeArgumentTypes { number: number; bigint: bigint | number; boolean: boolean; pointer: NodePointerArgument; buffer: NodePointerArgument; fast: never; void: never; string: string | NodePointerArgument }
interface NodeResultTypes { number: number; bigint: bigint; boolean: boolean; pointer: bigint; buffer: bigint; fast: never; void: void; string: bigint }
type NodeKind = {
  void: "void"; char: "number"; int8: "number"; i8: "number"; uint8: "number"; u8: "number"; bool: "number";
  int16: "number"; i16: "number"; uint16: "number"; u16: "number"; int32: "number"; i32: "number"; uint32: "number";
  u32: "number"; int64: "bigint"; i64: "bigint"; uint64: "bigint"; u64: "bigint"; float32: "number"; f32: "number";
  float: "number"; float64: "number"; f64: "number"; double: "number"; pointer: "pointer"; ptr: "pointer";
  buffer: "pointer"; arraybuffer: "pointer"; function: "pointer"; string: "string"; str: "string";
};
export interface NodeForeignFunction {
  arguments?: readonly (keyof NodeKind)[];
  return?: keyof NodeKind;
  name?: string;
  optional?: boolean;
  nonblocking?: boolean;
  callback?: boolean;
}

type KindOf<T> = T extends keyof BunKind ? BunKind[T] : T extends keyof NodeKind ? NodeKind[T]
  : T extends number ? BunNumberKind[T] : never;
type SpelledResult<T, R, Results> = R extends undefined ? void : KindOf<R> extends keyof Results ? Results[KindOf<R>] : never;
type SpelledFunction<T, A extends string, R extends string, Args, Results> = (
  ...args: T extends { [K in A]: infer P extends readonly unknown[] }
    ? { [I in keyof P]: KindOf<P[I]> extends keyof Args ? Args[KindOf<P[I]>] : never }
    : []
) => T extends { nonblocking: true }
  ? Promise<SpelledResult<T, T extends { [K in R]: infer X } ? X : undefined, Results>>
  : SpelledResult<T, T extends { [K in R]: infer X } ? X : undefined, Results>;

// ---- Prototype strings ("unsigned long crc32(unsigned long crc, const unsigned char *buf, unsigned int len)")
// Simple prototypes get exact types; parameters whose type is a typedef name, and
// function-pointer parameters, are `unknown` (cdef and bindgen's modules carry those).

type Trim<S extends string> = S extends ` ${infer R}` ? Trim<R> : S extends `${infer R} ` ? Trim<R> : S;
type SplitOn<S extends string, D extends string> = S extends `${infer A}${D}${infer B}` ? [A, ...SplitOn<B, D>] : [S];
type Qualifier = "" | "const" | "volatile" | "restrict" | "__restrict" | "extern" | "static" | "inline";
type Words<W extends string[]> = W extends [infer H extends string, ...infer R extends string[]]
  ? H extends Qualifier ? Words<R> : [H, ...Words<R>]
  : [];
type Int64Word = "long" | "int64_t" | "uint64_t" | "size_t" | "ssize_t" | "intptr_t" | "uintptr_t" | "ptrdiff_t";
type NumberWord = "char" | "short" | "int" | "signed" | "unsigned" | "float" | "double" | "int8_t" | "uint8_t" | "int16_t" | "uint16_t" | "int32_t" | "uint32_t";
type CKeyword = Int64Word | NumberWord | "void" | "bool" | "_Bool";
type DropName<W extends string[]> = W extends [...infer Init extends string[], infer Last extends string]
  ? Init extends [] ? W : Last extends CKeyword ? W : Init
  : W;
// A plain char* (one star, no signed/unsigned) is a C string; other pointers are pointers.
type CPointerKind<Base extends string, Rest extends string> = Rest extends `${string}*${string}`
  ? "pointer"
  : Words<SplitOn<Trim<Base>, " ">> extends ["char"] ? "cstring" : "pointer";
type CKind<S extends string> = S extends `${infer Base}*${infer Rest}`
  ? CPointerKind<Base, Rest>
  : DropName<Words<SplitOn<Trim<S>, " ">>> extends infer W extends string[]
    ? "double" extends W[number] ? "number"
      : Int64Word & W[number] extends never
        ? NumberWord & W[number] extends never
          ? ("bool" | "_Bool") & W[number] extends never ? (W extends ["void"] ? "void" : "unknown") : "boolean"
          : "number"
        : "bigint"
    : "unknown";
interface CArgumentTypes { pointer: PointerValue; number: number; bigint: bigint | number; boolean: boolean; void: never; unknown: unknown; cstring: string | null | ArrayBufferView | ArrayBuffer | PointerValue }
interface CResultTypes { pointer: PointerValue; number: number; bigint: bigint; boolean: boolean; void: void; unknown: unknown; cstring: string | null }
type MapKinds<L extends string[], Map> = L extends [infer H extends string, ...infer R extends string[]]
  ? [Map[CKind<H> & keyof Map], ...MapKinds<R, Map>]
  : [];
type CParameters<P extends string, Map> = Trim<P> extends "" | "void" ? [] : MapKinds<SplitOn<P, ",">, Map>;
type NoParens<H extends string, P extends string> = P extends `${string}(${string}` ? never
  : H extends `${string}(${string}` ? never : [H, P];
// "R (*)(P)" and "R (*name)(P)" are function-pointer types; "R name(P)" a prototype.
type PrototypeParts<S extends string> = S extends `${infer Head}(*${string})(${infer Params})${string}`
  ? NoParens<Head, Params>
  : S extends `${infer Head}(${infer Params})${string}` ? NoParens<Head, Params> : never;
type Unparsed = (...args: any[]) => any;
type PrototypeFunction<S extends string> = PrototypeParts<S> extends [infer H extends string, infer P extends string]
  ? (...args: CParameters<P, CArgumentTypes>) => CResultTypes[CKind<H>]
  : Unparsed;
type PrototypeCallback<S extends string> = PrototypeParts<S> extends [infer H extends string, infer P extends string]
  ? (...args: CParameters<P, CResultTypes>) => CKind<H> extends "void" ? void : CArgumentTypes[CKind<H>]
  : Unparsed;
/**
 * Which path calls of `fn` (a symbol, an `UnsafeFnPointer`'s `call` or an
 * `UnsafePointerView` reader) take on this Node: `"fast"` (V8 Fast API calls from
 * optimized code) or the reason it stays on the general path. Throws a TypeError for
 * anything else.
 */
export function callPath(fn: (...args: never[]) => unknown): string;

/**
 * With `ZEROCALL_TRACE_FAST=1` in the environment at start-up: the symbols key of the
 * last symbol whose fast path ran on this thread (`"call"` for an `UnsafeFnPointer`),
 * or `null`; each call resets it to `null`. Always `null` without the variable.
 */
export function lastFastCall(): string | null;

/**
 * C's `errno` right after the last synchronous call of an `errno: true` symbol (or
 * `UnsafeFnPointer`) on this thread; 0 before any.
 */
export function errno(): number;
