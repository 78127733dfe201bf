{
  "variables": {
    "tfn_common_cflags": ["-O3", "-fPIC", "-fno-math-errno", "-fno-trapping-math", "-fvisibility=hidden"],
    "tfn_has_mpi": "<!(node scripts/mpi-config.mjs --found)"
  },
  "target_defaults": {
    "cflags_cc": ["-std=c++17"],
    "cflags_cc!": ["-fno-exceptions", "-std=gnu++17"],
    "cflags!": ["-fno-exceptions"],
    "include_dirs": ["native/src"]
  },
  "targets": [
    {
      "target_name": "tfn_isa_avx512",
      "type": "static_library",
      "sources": ["native/src/isa_avx512.cc"],
      "cflags": ["<@(tfn_common_cflags)", "-mavx512f", "-mavx512dq", "-mavx512bw", "-mavx512vl", "-mavx2", "-mfma"]
    },
    {
      "target_name": "tfn_isa_avx2",
      "type": "static_library",
      "sources": ["native/src/isa_avx2.cc"],
      "cflags": ["<@(tfn_common_cflags)", "-mavx2", "-mfma"]
    },
    {
      "target_name": "tfn_isa_base",
      "type": "static_library",
      "sources": ["native/src/isa_base.cc"],
      "cflags": ["<@(tfn_common_cflags)"]
    },
    {
      "target_name": "tfn_bf16_avx512",
      "type": "static_library",
      "sources": ["native/src/bf16_avx512.cc"],
      "cflags": ["<@(tfn_common_cflags)", "-mavx512f", "-mavx512bw", "-mavx512vl", "-mavx512dq", "-mavx512bf16", "-mavx2", "-mfma"]
    },
    {
      "target_name": "tensorforge_native",
      "sources": ["native/src/addon.cc", "native/src/addon_nn.cc", "native/src/thread_pool.cc", "native/src/cpu.cc",
                  "native/src/pool_check.cc", "native/src/addon_bf16.cc", "native/src/bf16_widen.cc", "native/src/bf16_conv.cc"],
      "dependencies": ["tfn_isa_avx512", "tfn_isa_avx2", "tfn_isa_base", "tfn_bf16_avx512"],
      "include_dirs": ["<!(node -p \"require('node-addon-api').include_dir\")"],
      "defines": ["NAPI_VERSION=8", "NAPI_CPP_EXCEPTIONS"],
      "cflags": ["<@(tfn_common_cflags)", "-pthread"],
      "ldflags": ["-pthread"]
    },
    {
      "target_name": "tensorforge_collective",
      "include_dirs": ["<!(node -p \"require('node-addon-api').include_dir\")"],
      "defines": ["NAPI_VERSION=8", "NAPI_CPP_EXCEPTIONS"],
      "cflags": ["<@(tfn_common_cflags)", "-pthread"],
      "ldflags": ["-pthread"],
      "conditions": [
        ["tfn_has_mpi==1", {
          "sources": ["native/src/collective_mpi.cc"],
          "defines": ["OMPI_SKIP_MPICXX=1"],
          "cflags": ["<!@(node scripts/mpi-config.mjs --cflags)"],
          "libraries": ["<!@(node scripts/mpi-config.mjs --libs)", "-ldl"]
        }, {
          "sources": ["native/src/collective_none.cc"]
        }]
      ]
    }
  ]
}
