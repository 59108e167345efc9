{
  "variables": {
    # A prefix with include/ffi.h and lib/libffi.a (scripts/libffi-static.sh): link libffi
    # statically, for the prebuilds (scripts/prebuild.js passes --zerocall-libffi-static=DIR).
    # Empty: the system's libffi.so, as for every source build.
    "zerocall_libffi_static%": ""
  },
  "targets": [
    {
      "target_name": "zerocall",
      "sources": [
        "src/addon.cc",
        "src/types/native_type.cc",
        "src/types/type_from_js.cc",
        "src/call/marshal.cc",
        "src/call/c_string.cc",
        "src/call/libffi_call.cc",
        "src/call/foreign_function.cc",
        "src/library/library.cc",
        "src/library/function_pool.cc",
        "src/memory/pointer_natives.cc",
        "src/memory/pointer_reads.cc",
        "src/memory/pointer_writes.cc",
        "src/util/js_errors.cc",
        "src/call/fast_call.cc",
        "src/call/fast_host.cc",
        "src/call/fast_plan.cc",
        "src/call/fast_trace.cc",
        "src/call/value_argument.cc",
        "src/call/register_call.cc",
        "src/call/nonblocking_call.cc",
        "src/callback/callback.cc",
        "src/callback/callback_cell.cc",
        "src/callback/callback_calls.cc",
        "src/callback/callback_entry.cc",
        "src/callback/callback_exception.cc",
        "src/callback/callback_frame_call.cc",
        "src/callback/callback_thunks.cc",
        "src/callback/callback_values.cc",
        "src/jit/exec_memory.cc",
        "src/abi/location_allocator.cc",
        "src/abi/struct_passing_x64_sysv.cc",
        "src/abi/struct_passing_aapcs64.cc",
        "src/jit/stub_plan.cc",
        "src/jit/stub_request_check.cc",
        "src/jit/x64_assembler.cc",
        "src/jit/x64_sysv_stub.cc",
        "src/jit/a64_assembler.cc",
        "src/jit/aarch64_stub.cc",
        "src/jit/trace_prefix_x64.cc",
        "src/jit/trace_prefix_aarch64.cc"
      ],
      "conditions": [
        ["target_arch=='x64'", { "defines": ["ZEROCALL_ARCH_X64"],
                                 "sources": ["src/jit/resolver_x64.S", "src/callback/callback_entry_x64.S"] }],
        ["target_arch=='arm64'", { "defines": ["ZEROCALL_ARCH_ARM64"],
                                   "sources": ["src/jit/resolver_aarch64.S",
                                               "src/callback/callback_entry_aarch64.S"] }],
        ["zerocall_libffi_static==''", { "libraries": ["-lffi"] }, {
          "include_dirs": ["<(zerocall_libffi_static)/include"],
          "libraries": ["<(zerocall_libffi_static)/lib/libffi.a"],
          # libffi's symbols stay inside the addon: not exported, never interposed.
          "ldflags": ["-Wl,--exclude-libs,libffi.a"] }]
      ],
      "include_dirs": ["src"],
      "cflags_cc": ["-std=c++20", "-O2", "-Wall", "-Wextra", "-Wno-unused-parameter",
                    "-Wno-cast-function-type", "-Werror=switch", "-fvisibility=hidden"],
      "cflags_cc!": ["-std=gnu++17", "-std=gnu++20", "-std=c++17"],
      "libraries": ["-ldl"]
    }
  ]
}
