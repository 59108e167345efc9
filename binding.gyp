{
  "targets": [
    {
      "target_name": "zerocall",
      "sources": [
        "src/addon.cc",
        "src/types/native_type.cc",
        "src/call/marshal.cc",
        "src/call/libffi_call.cc",
        "src/call/foreign_function.cc",
        "src/library/library.cc",
        "src/memory/pointer_natives.cc",
        "src/util/js_errors.cc"
      ],
      "include_dirs": ["src"],
      "cflags_cc": ["-std=c++20", "-O2", "-Wall", "-Wextra", "-Wno-unused-parameter",
                    "-Wno-cast-function-type", "-Werror=switch", "-fvisibility=hidden"],
      "cflags_cc!": ["-std=gnu++17", "-std=gnu++20", "-std=c++17"],
      "libraries": ["-lffi", "-ldl"]
    }
  ]
}
