'use strict';
// Definitions of the fixture's functions (test/fixture/fixture.c), keyed by C name.
// Tests take what they need: `pick('add_i32', 'nop')` or the whole table.

const fn = (parameters, result) => ({ parameters, result });
const I32x = (n) => Array(n).fill('i32');

const defs = {
  identity_i8: fn(['i8'], 'i8'),
  identity_u8: fn(['u8'], 'u8'),
  identity_i16: fn(['i16'], 'i16'),
  identity_u16: fn(['u16'], 'u16'),
  identity_i32: fn(['i32'], 'i32'),
  identity_u32: fn(['u32'], 'u32'),
  identity_i64: fn(['i64'], 'i64'),
  identity_u64: fn(['u64'], 'u64'),
  identity_isize: fn(['isize'], 'isize'),
  identity_usize: fn(['usize'], 'usize'),
  identity_f32: fn(['f32'], 'f32'),
  identity_f64: fn(['f64'], 'f64'),
  identity_bool: fn(['bool'], 'bool'),
  identity_ptr: fn(['pointer'], 'pointer'),
  negate_bool: fn(['bool'], 'bool'),

  add_i8: fn(['i8', 'i8'], 'i8'),
  add_u8: fn(['u8', 'u8'], 'u8'),
  add_i16: fn(['i16', 'i16'], 'i16'),
  add_u16: fn(['u16', 'u16'], 'u16'),
  add_i32: fn(['i32', 'i32'], 'i32'),
  add_u32: fn(['u32', 'u32'], 'u32'),
  add_i64: fn(['i64', 'i64'], 'i64'),
  add_u64: fn(['u64', 'u64'], 'u64'),
  add_f32: fn(['f32', 'f32'], 'f32'),
  add_f64: fn(['f64', 'f64'], 'f64'),
  sub_i32: fn(['i32', 'i32'], 'i32'),
  mul_f64: fn(['f64', 'f64'], 'f64'),

  nop: fn([], 'void'),
  get_nop_calls: fn([], 'i32'),
  reset_nop_calls: fn([], 'void'),

  return_i8_minus_one: fn([], 'i8'),
  return_i8_min: fn([], 'i8'),
  return_u8_255: fn([], 'u8'),
  return_i16_min: fn([], 'i16'),
  return_u16_65535: fn([], 'u16'),
  return_i32_min: fn([], 'i32'),
  return_u32_max: fn([], 'u32'),
  return_true: fn([], 'bool'),
  return_false: fn([], 'bool'),
  return_f32_third: fn([], 'f32'),
  return_f64_third: fn([], 'f64'),

  u64_max: fn([], 'u64'),
  i64_min: fn([], 'i64'),
  i64_max: fn([], 'i64'),
  u64_2p53_plus_1: fn([], 'u64'),
  i64_minus_2p53_minus_1: fn([], 'i64'),
  u64_high_bit: fn([], 'u64'),

  widen_i8: fn(['i8'], 'i32'),
  widen_u8: fn(['u8'], 'u32'),
  widen_i16: fn(['i16'], 'i32'),
  widen_u16: fn(['u16'], 'u32'),
  widen_bool: fn(['bool'], 'i32'),

  garbage_i8: fn([], 'i8'),
  garbage_u8: fn([], 'u8'),
  garbage_i16: fn([], 'i16'),
  garbage_u16: fn([], 'u16'),
  garbage_i32: fn([], 'i32'),
  garbage_u32: fn([], 'u32'),
  garbage_bool_true: fn([], 'bool'),
  garbage_bool_false: fn([], 'bool'),
  low32_of_arg0_i8: fn(['i8'], 'i32'),
  low32_of_arg0_u8: fn(['u8'], 'i32'),
  low32_of_arg0_i16: fn(['i16'], 'i32'),
  low32_of_arg0_u16: fn(['u16'], 'i32'),
  low32_of_arg0_bool: fn(['bool'], 'i32'),

  sum_0: fn([], 'i32'),
  answer: fn([], 'i32'),
  sum_1_i32: fn(I32x(1), 'i32'),
  sum_2_i32: fn(I32x(2), 'i32'),
  sum_3_i32: fn(I32x(3), 'i32'),
  sum_4_i32: fn(I32x(4), 'i32'),
  sum_5_i32: fn(I32x(5), 'i32'),
  sum_6_i32: fn(I32x(6), 'i32'),
  sum_7_i32: fn(I32x(7), 'i32'),
  sum_8_i32: fn(I32x(8), 'i32'),
  sum_9_i32: fn(I32x(9), 'i32'),
  digits_10_i32: fn(I32x(10), 'i64'),
  digits_12_i8: fn(Array(12).fill('i8'), 'i64'),
  digits_12_u16: fn(Array(12).fill('u16'), 'i64'),
  sum_10_i64: fn(Array(10).fill('i64'), 'i64'),
  sum_10_u64: fn(Array(10).fill('u64'), 'u64'),
  sum_9_f64: fn(Array(9).fill('f64'), 'f64'),
  sum_9_f32: fn(Array(9).fill('f32'), 'f32'),
  sum_12_f64: fn(Array(12).fill('f64'), 'f64'),
  mixed_20: fn(Array.from({ length: 20 }, (_, i) => (i % 2 ? 'f64' : 'i32')), 'f64'),
  many_args: fn(['i32', 'f64', 'i32', 'f64', 'i32', 'f64', 'i32', 'f64', 'i32', 'i32'], 'f64'),
  mix_13: fn(['f32', 'f64', 'i8', 'u16', 'i64', 'u32', 'f32', 'u8', 'i16', 'u64', 'f64', 'bool', 'i32'], 'f64'),
  sum_9_ptr: fn(Array(9).fill('pointer'), 'u64'),

  sum_buffer: fn(['buffer', 'usize'], 'u32'),
  fill_buffer: fn(['buffer', 'usize', 'u8'], 'void'),
  first_byte: fn(['buffer'], 'u8'),
  ptr_to_u64: fn(['pointer'], 'u64'),
  u64_to_ptr: fn(['u64'], 'pointer'),
  return_null_ptr: fn([], 'pointer'),
  ptr_add: fn(['pointer', 'i32'], 'pointer'),
  read_i32_at: fn(['pointer'], 'i32'),
  write_i32_at: fn(['pointer', 'i32'], 'void'),
  c_strlen: fn(['pointer'], 'usize'),
  is_null: fn(['pointer'], 'bool'),
  get_static_string: fn([], 'pointer'),
  get_view_data: fn([], 'pointer'),
  get_static_buffer: fn([], 'pointer'),
  get_static_ptr_addr: fn([], 'pointer'),
  get_static_i32_addr: fn([], 'pointer'),
  get_static_i32: fn([], 'i32'),
  bump_static_counter: fn([], 'i32'),

  get_add_i32_ptr: fn([], 'pointer'),
  get_add_u64_ptr: fn([], 'pointer'),
  get_mul_f64_ptr: fn([], 'pointer'),
  get_nop_ptr: fn([], 'pointer'),
  get_widen_i8_ptr: fn([], 'pointer'),
  get_mixed_20_ptr: fn([], 'pointer'),
  get_identity_ptr_ptr: fn([], 'pointer'),
  get_negate_bool_ptr: fn([], 'pointer'),
  call_i32_fn: fn(['function', 'i32', 'i32'], 'i32'),
};

// A fresh copy of some definitions (so a test can tweak one without touching the others).
function pick(...names) {
  const out = {};
  for (const n of names) {
    if (!(n in defs)) throw new Error(`defs: no definition for ${n}`);
    out[n] = { parameters: [...defs[n].parameters], result: defs[n].result };
  }
  return out;
}

function all() {
  return pick(...Object.keys(defs));
}

module.exports = { defs, pick, all };
