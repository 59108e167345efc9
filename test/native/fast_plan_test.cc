// The fast-call planner (src/call/fast_plan.h) for every supported V8 version's
// traits: every parameter type's declaration, stub view and context, every
// blocker, and that each plan emits on both ABIs.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "call/fast_plan.h"

namespace zerocall {
namespace {

using jit::Arrival;
using jit::StubValue;
using v8abi::CType;
using NT = NativeType;

constexpr v8abi::FastApiTraits kAllVersions[] = {v8abi::kV8_11_3, v8abi::kV8_12_4, v8abi::kV8_13_6,
                                                 v8abi::kV8_14_6};

FastCallTarget Target(const v8abi::FastApiTraits& v8, uint8_t smi_shift = 32,
                      const abi::Abi* abi = &abi::kX64SysV) {
  return {v8, abi, smi_shift};
}

Type PairOfDoubles() {
  return Type::Struct(StructLayout::Build({Type(NT::kF64), Type(NT::kF64)}));
}

Signature Sig(Type result, std::vector<Type> params) {
  Signature signature;
  signature.result = std::move(result);
  signature.params = std::move(params);
  return signature;
}

const char* BlockerOf(const Signature& signature, const FastCallTarget& target,
                      FastCallOptions options = {}) {
  FastPlanResult planned = PlanFastCall(signature, target, options);
  EXPECT_EQ(planned.plan.has_value(), planned.blocker == nullptr);
  return planned.blocker;
}

// The addresses a binding adds to `plan`'s request, then both ABIs' stubs.
void ExpectEmitsOnBothAbis(const FastCallPlan& plan) {
  jit::StubRequest request = plan.StubRequestTemplate();
  request.target = 0x7f0000001000;
  if (plan.resolves) request.resolver = 0x7f0000002000;
  if (plan.rejects_through_handler) request.reject_handler = 0x7f0000003000;
  for (size_t i = 0; i < request.params.size(); ++i) {
    if (plan.params[i].context == ParamContext::kNone) continue;
    if (jit::IsResolvedKind(request.params[i].value)) request.params[i].resolver_context = 0x5000 + i;
    if (jit::IsCheckedArrival(request.params[i].arrival)) request.params[i].reject_context = 0x6000 + i;
  }
  std::string why;
  EXPECT_TRUE(jit::EmitX64SysVStub(request, &why)) << why;
  EXPECT_TRUE(jit::EmitAArch64Stub(request, &why)) << why;
}

// What the planner should make of one parameter.
struct Expected {
  V8Declaration declared;
  StubValue value;
  Arrival arrival;
  ParamContext context;
};

constexpr V8Declaration Decl(CType type, uint8_t flags = v8abi::kFlagNone, bool typed_array = false) {
  return {type, flags, typed_array};
}

bool HandlesThrow(const v8abi::FastApiTraits& v8) { return v8.throws_through_isolate; }

// The expected record for `type` in a function whose result is `result`.
Expected ExpectedFor(NT type, NT result, const v8abi::FastApiTraits& v8) {
  const bool int64_result = IsInt64Kind(result);
  const ParamContext checked_context = HandlesThrow(v8) ? ParamContext::kValue : ParamContext::kNone;
  const auto narrow = [](NT t) {
    switch (t) {
      case NT::kI8: return StubValue::kI8;
      case NT::kU8: return StubValue::kU8;
      case NT::kI16: return StubValue::kI16;
      case NT::kU16: return StubValue::kU16;
      case NT::kI32: return StubValue::kI32;
      default: return StubValue::kU32;
    }
  };
  switch (type) {
    case NT::kI8: case NT::kU8: case NT::kI16: case NT::kU16: case NT::kI32: case NT::kU32: {
      if (!int64_result) return {Decl(CType::kInt64), narrow(type), Arrival::kCheckedI64, checked_context};
      if (v8.value_arguments) return {Decl(CType::kFloat64), narrow(type), Arrival::kCheckedF64, checked_context};
      const bool is_signed = type == NT::kI8 || type == NT::kI16 || type == NT::kI32;
      return {Decl(is_signed ? CType::kInt32 : CType::kUint32, v8abi::kFlagEnforceRange), narrow(type),
              Arrival::kNative, ParamContext::kNone};
    }
    case NT::kI64: case NT::kIsize: case NT::kU64: case NT::kUsize: {
      if (v8.value_arguments && !int64_result) {
        return {Decl(CType::kV8Value), StubValue::kResolvedInteger, Arrival::kNative, ParamContext::kValue};
      }
      const bool is_signed = type == NT::kI64 || type == NT::kIsize;
      return {Decl(is_signed ? CType::kInt64 : CType::kUint64), is_signed ? StubValue::kI64 : StubValue::kU64,
              Arrival::kNative, ParamContext::kNone};
    }
    case NT::kF32: return {Decl(CType::kFloat32), StubValue::kF32, Arrival::kNative, ParamContext::kNone};
    case NT::kF64: return {Decl(CType::kFloat64), StubValue::kF64, Arrival::kNative, ParamContext::kNone};
    case NT::kPointer:
    case NT::kFunction: return {Decl(CType::kPointer), StubValue::kPointer, Arrival::kNative, ParamContext::kNone};
    case NT::kBuffer:
      if (v8.typed_array_arguments) {
        return {Decl(CType::kUint8, v8abi::kFlagNone, true), StubValue::kTypedArrayData, Arrival::kNative,
                ParamContext::kNone};
      }
      return {Decl(CType::kV8Value), StubValue::kResolvedPointer, Arrival::kNative, ParamContext::kValue};
    case NT::kCString:
    case NT::kCString16:  // V8 11-12: blocked (EveryParameterTypeOnEveryV8)
      return {Decl(CType::kV8Value), StubValue::kResolvedPointer, Arrival::kNative, ParamContext::kValue};
    case NT::kStruct:
      if (v8.value_arguments) {
        return {Decl(CType::kV8Value), StubValue::kResolvedStruct, Arrival::kNative, ParamContext::kStruct};
      }
      return {Decl(CType::kUint8, v8abi::kFlagNone, true), StubValue::kTypedArrayStruct, Arrival::kNative,
              ParamContext::kNone};
    default: break;
  }
  ADD_FAILURE() << "no expectation for " << NativeTypeName(type);
  return {};
}

Type TypeFor(NT kind) { return kind == NT::kStruct ? PairOfDoubles() : Type(kind); }

constexpr NT kParamKinds[] = {NT::kI8,  NT::kU8,    NT::kI16,     NT::kU16,    NT::kI32,      NT::kU32,
                              NT::kI64, NT::kU64,   NT::kUsize,   NT::kIsize,  NT::kF32,      NT::kF64,
                              NT::kPointer, NT::kBuffer, NT::kFunction, NT::kStruct, NT::kCString,
                              NT::kCString16};

// Every parameter type, alone and after an i32, with a void and a 64-bit
// result, on every V8: the record, and the stub it asks for emits on both ABIs.
TEST(FastPlanTest, EveryParameterTypeOnEveryV8) {
  for (const v8abi::FastApiTraits& v8 : kAllVersions) {
    for (NT result : {NT::kVoid, NT::kI64}) {
      for (NT kind : kParamKinds) {
        SCOPED_TRACE(std::string("V8 ") + v8.version + ", result " + NativeTypeName(result) + ", " +
                     NativeTypeName(kind));
        const Signature signature = Sig(Type(result), {Type(NT::kI32), TypeFor(kind)});
        FastPlanResult planned = PlanFastCall(signature, Target(v8), {});
        if (result == NT::kI64 && !v8.int64_results) {
          EXPECT_STREQ(planned.blocker, "this V8 aborts on 64-bit fast-call results");
          continue;
        }
        if (kind == NT::kFunction && !v8.throws_through_isolate) {
          EXPECT_STREQ(planned.blocker, "function parameters need a V8 that lets fast calls re-enter JS");
          continue;
        }
        if ((kind == NT::kCString || kind == NT::kCString16) && !v8.value_arguments) {
          EXPECT_STREQ(planned.blocker, "cstring parameters take the general path on this V8");
          continue;
        }
        ASSERT_TRUE(planned.plan) << planned.blocker;
        const FastCallPlan& plan = *planned.plan;
        ASSERT_EQ(plan.params.size(), 2u);
        const Expected expected = ExpectedFor(kind, result, v8);
        const FastParamPlan& param = plan.params[1];
        EXPECT_EQ(param.declared, expected.declared);
        EXPECT_EQ(param.stub.value, expected.value);
        EXPECT_EQ(param.stub.arrival, expected.arrival);
        EXPECT_EQ(param.context, expected.context);
        EXPECT_EQ(param.stub.shape.size, kind == NT::kStruct ? 16u : 0u);
        const Expected first = ExpectedFor(NT::kI32, result, v8);
        EXPECT_EQ(plan.params[0].declared, first.declared);
        EXPECT_EQ(plan.params[0].stub.arrival, first.arrival);
        EXPECT_EQ(plan.int64_representation, result == NT::kI64 ? v8abi::Int64Representation::kBigInt
                                                                : v8abi::Int64Representation::kNumber);
        EXPECT_EQ(plan.result, result == NT::kI64 ? Decl(CType::kInt64) : Decl(CType::kVoid));

        ExpectEmitsOnBothAbis(plan);
      }
    }
  }
}

// A struct result: V8 returns void and passes the result's buffer after the
// parameters, planned like a struct parameter of the result's layout (not
// counted in the 128 bytes of struct parameters); without the buffer, or where
// struct parameters cannot travel, it is a blocker.
TEST(FastPlanTest, StructResultsArriveAsATrailingBuffer) {
  const Type result = Type::Struct(StructLayout::Build({Type(NT::kI64), Type(NT::kI64), Type(NT::kI64)}));
  const std::vector<Type> params = {Type(NT::kI32), PairOfDoubles(), PairOfDoubles(), PairOfDoubles(),
                                    PairOfDoubles(), PairOfDoubles(), PairOfDoubles(), PairOfDoubles()};
  for (const v8abi::FastApiTraits& v8 : kAllVersions) {
    SCOPED_TRACE(v8.version);
    const Signature signature = Sig(result, params);
    EXPECT_STREQ(BlockerOf(signature, Target(v8)), "struct results take the general path");
    const abi::Abi no_structs = {"no_structs", 6, 8, nullptr};
    EXPECT_STREQ(BlockerOf(signature, Target(v8, 32, &no_structs), {false, nullptr, true}),
                 "struct results take the general path on this V8 or CPU");
    FastCallPlan plan = *PlanFastCall(signature, Target(v8), {false, nullptr, true}).plan;
    ASSERT_EQ(plan.params.size(), params.size() + 1);
    const FastParamPlan& buffer = plan.params.back();
    const bool resolved = v8.value_arguments;
    EXPECT_EQ(buffer.declared, resolved ? Decl(CType::kV8Value) : Decl(CType::kUint8, v8abi::kFlagNone, true));
    EXPECT_EQ(buffer.stub.value, resolved ? StubValue::kResolvedStruct : StubValue::kTypedArrayStruct);
    EXPECT_EQ(buffer.context, resolved ? ParamContext::kStruct : ParamContext::kNone);
    EXPECT_EQ(buffer.stub.shape.size, 24u);
    EXPECT_EQ(plan.result, Decl(CType::kVoid));
    EXPECT_EQ(plan.stub_result, StubValue::kVoid);
    EXPECT_TRUE(plan.struct_result);
    EXPECT_TRUE(plan.StubRequestTemplate().struct_result);
    // A wrong-length typed array falls back where fast calls cannot throw.
    EXPECT_EQ(plan.rejects_through_flag, !v8.throws_through_isolate);
    EXPECT_EQ(plan.V8Arguments().size(), 1 + params.size() + 1 + (plan.options_arg ? 1 : 0));
    ExpectEmitsOnBothAbis(plan);
  }
}

// How rejects leave the stub: a handler that throws where fast calls can throw
// (V8 13+), else options.fallback, which also needs the options argument; every
// stub has it on V8 11-12 (closed and deferred stubs set the flag too).
TEST(FastPlanTest, RejectsAndOptionsPerV8) {
  const Signature checked = Sig(Type(NT::kI32), {Type(NT::kI32)});
  const Signature plain = Sig(Type(NT::kF64), {Type(NT::kF64)});
  for (const v8abi::FastApiTraits& v8 : kAllVersions) {
    SCOPED_TRACE(v8.version);
    const bool flag = !v8.throws_through_isolate;
    FastCallPlan with_check = *PlanFastCall(checked, Target(v8), {}).plan;
    EXPECT_EQ(with_check.rejects_through_flag, flag);
    EXPECT_EQ(with_check.rejects_through_handler, !flag);
    EXPECT_EQ(with_check.options_arg, flag);
    EXPECT_EQ(with_check.reject_flag_offset, flag ? v8abi::kFallbackFlagOffset : 0u);
    FastCallPlan library = *PlanFastCall(plain, Target(v8), {}).plan;
    EXPECT_EQ(library.options_arg, flag);
    EXPECT_FALSE(library.rejects_through_flag || library.rejects_through_handler);
    // The CFunction's arguments: receiver, params, options.
    std::vector<V8Declaration> arguments = library.V8Arguments();
    ASSERT_EQ(arguments.size(), flag ? 3u : 2u);
    EXPECT_EQ(arguments[0], Decl(CType::kV8Value));
    EXPECT_EQ(arguments[1], Decl(CType::kFloat64));
    if (flag) {
      EXPECT_EQ(arguments[2], Decl(CType::kCallbackOptions));
    }
    EXPECT_EQ(library.StubRequestTemplate().options_arg, flag);
  }
}

// Without an inline Smi shortcut, 64-bit parameters always call the resolver.
TEST(FastPlanTest, SmiShiftPicksTheResolvedIntegerForm) {
  const Signature signature = Sig(Type(NT::kVoid), {Type(NT::kI64)});
  FastCallPlan with = *PlanFastCall(signature, Target(v8abi::kV8_13_6, 32), {}).plan;
  FastCallPlan without = *PlanFastCall(signature, Target(v8abi::kV8_13_6, 0), {}).plan;
  EXPECT_EQ(with.params[0].stub.value, StubValue::kResolvedInteger);
  EXPECT_EQ(with.StubRequestTemplate().smi_shift, 32);
  EXPECT_EQ(without.params[0].stub.value, StubValue::kResolvedPointer);
  EXPECT_TRUE(with.resolves && without.resolves);
}

// A variadic signature plans like the fixed one of the same call shape (on both
// hosts' ABIs the arguments travel alike), plus the request's variadic flag;
// `errno: true` asks for a stub that saves errno. Neither changes how V8 declares
// the arguments.
TEST(FastPlanTest, VariadicAndErrnoKeepTheDeclarations) {
  uint64_t slot = 0;
  for (const v8abi::FastApiTraits& v8 : kAllVersions) {
    SCOPED_TRACE(v8.version);
    const Signature fixed = Sig(Type(NT::kF64), {Type(NT::kPointer), Type(NT::kI32), Type(NT::kF64)});
    Signature variadic = fixed;
    variadic.fixed_params = 1;
    const FastCallPlan plain = *PlanFastCall(fixed, Target(v8), {}).plan;
    const FastCallPlan shaped = *PlanFastCall(variadic, Target(v8), {}).plan;
    const FastCallPlan saving = *PlanFastCall(variadic, Target(v8), {false, &slot}).plan;
    EXPECT_EQ(plain.V8Arguments(), shaped.V8Arguments());
    EXPECT_EQ(plain.V8Arguments(), saving.V8Arguments());
    EXPECT_FALSE(plain.variadic || plain.saves_errno || plain.StubRequestTemplate().variadic);
    EXPECT_TRUE(shaped.variadic && shaped.StubRequestTemplate().variadic);
    EXPECT_FALSE(shaped.saves_errno);
    EXPECT_TRUE(saving.variadic && saving.saves_errno);
  }
}

// A struct's shape is its scalar fields flattened at their offsets.
TEST(FastPlanTest, StructShapesAreFlattened) {
  Type inner = Type::Struct(StructLayout::Build({Type(NT::kU8), Type(NT::kF32)}));
  Type outer = Type::Struct(StructLayout::Build({Type(NT::kI16), inner, Type(NT::kF64)}));
  FastCallPlan plan = *PlanFastCall(Sig(Type(NT::kVoid), {outer}), Target(v8abi::kV8_13_6), {}).plan;
  const abi::StructShape& shape = plan.params[0].stub.shape;
  EXPECT_EQ(shape.size, 24u);
  ASSERT_EQ(shape.fields.size(), 4u);
  const auto field = [&shape](size_t i) {
    const abi::ScalarField& f = shape.fields[i];
    return std::to_string(f.offset) + ":" + std::to_string(f.size) + (f.is_float ? "f" : "i");
  };
  EXPECT_EQ(field(0), "0:2i");
  EXPECT_EQ(field(1), "4:1i");
  EXPECT_EQ(field(2), "8:4f");
  EXPECT_EQ(field(3), "16:8f");
}

// Every reason a signature keeps to the general path, and where each applies.
TEST(FastPlanTest, EveryBlocker) {
  for (const v8abi::FastApiTraits& v8 : kAllVersions) {
    SCOPED_TRACE(v8.version);
    const FastCallTarget target = Target(v8);
    EXPECT_STREQ(BlockerOf(Sig(Type(NT::kVoid), {Type(NT::kBool)}), target),
                 "bool parameters are converted loosely by V8's fast path");
    EXPECT_STREQ(BlockerOf(Sig(Type(NT::kVoid), {Type(NT::kVoid)}), target), "void parameter");
    EXPECT_STREQ(BlockerOf(Sig(PairOfDoubles(), {}), target), "struct results take the general path");
    EXPECT_STREQ(BlockerOf(Sig(Type(NT::kCString), {}), target), "cstring results take the general path");
    EXPECT_STREQ(BlockerOf(Sig(Type(NT::kCString16), {}), target), "cstring results take the general path");
    std::vector<Type> nine_structs(9, PairOfDoubles());  // 144 bytes
    EXPECT_STREQ(BlockerOf(Sig(Type(NT::kVoid), nine_structs), target),
                 "struct parameters of more than 128 bytes in all take the general path");
    nine_structs.pop_back();  // 128 bytes
    EXPECT_EQ(BlockerOf(Sig(Type(NT::kVoid), nine_structs), target), nullptr);
    const abi::Abi no_structs = {"no_structs", 6, 8, nullptr};
    EXPECT_STREQ(BlockerOf(Sig(Type(NT::kVoid), {PairOfDoubles()}), Target(v8, 32, &no_structs)),
                 "struct parameters take the general path on this V8 or CPU");
    EXPECT_STREQ(BlockerOf(Sig(Type(NT::kVoid), {}), Target(v8, 32, nullptr)),
                 "no fast-call emitter is enabled for this CPU yet");
    const std::vector<Type> i32s_31(31, Type(NT::kI32));
    const std::vector<Type> i32s_32(32, Type(NT::kI32));
    EXPECT_EQ(BlockerOf(Sig(Type(NT::kVoid), i32s_31), target), nullptr);
    if (v8.max_fast_parameters == 31) {
      EXPECT_STREQ(BlockerOf(Sig(Type(NT::kVoid), i32s_32), target),
                   "V8 14 cannot optimize fast calls of 32 or more parameters");
    } else {
      EXPECT_EQ(v8.max_fast_parameters, 0u);
      EXPECT_EQ(BlockerOf(Sig(Type(NT::kVoid), i32s_32), target), nullptr);
    }
    const char* reentry = v8.throws_through_isolate ? nullptr : "callback: true needs a V8 that lets fast calls re-enter JS";
    const char* blocker = BlockerOf(Sig(Type(NT::kVoid), {}), target, {true});
    EXPECT_EQ(blocker == nullptr, reentry == nullptr);
    if (reentry) {
      EXPECT_STREQ(blocker, reentry);
    }
  }
  // A V8 with neither typed-array nor value arguments (none supported today).
  v8abi::FastApiTraits bare = v8abi::kV8_11_3;
  bare.typed_array_arguments = false;
  EXPECT_STREQ(BlockerOf(Sig(Type(NT::kVoid), {Type(NT::kBuffer)}), Target(bare)),
               "buffer parameters take the general path on this V8");
  EXPECT_STREQ(BlockerOf(Sig(Type(NT::kVoid), {PairOfDoubles()}), Target(bare)),
               "struct parameters take the general path on this V8 or CPU");
}

}  // namespace
}  // namespace zerocall
