{
  # Built by bench/run.js: node-gyp rebuild --nodedir=<the running node's prefix> (never downloads).
  # Both addons link the benchmark library directly (../.build/libbenchlib.so, built first)
  # and libsqlite3.so.0, the way a hand-written binding of one library would.
  "targets": [
    {
      "target_name": "napi_binding",
      "sources": ["napi_binding.c"],
      "cflags": ["-O2"],
      "libraries": [
        "-L<(module_root_dir)/../.build", "-lbenchlib",
        "-Wl,-rpath,<(module_root_dir)/../.build",
        "/usr/lib/x86_64-linux-gnu/libsqlite3.so.0"
      ]
    },
    {
      "target_name": "fastapi_binding",
      "sources": ["fastapi_binding.cc"],
      "cflags_cc": ["-std=c++20", "-O2"],
      "cflags_cc!": ["-std=gnu++17", "-std=gnu++20", "-std=c++17"],
      "libraries": [
        "-L<(module_root_dir)/../.build", "-lbenchlib",
        "-Wl,-rpath,<(module_root_dir)/../.build",
        "/usr/lib/x86_64-linux-gnu/libsqlite3.so.0"
      ]
    }
  ]
}
