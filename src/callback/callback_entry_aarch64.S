// callback_entry_aarch64.S: zerocall_callback_entry_aarch64, the AAPCS64 entry of
// callback thunks (callback_entry.h, callback_thunks.h).
//
//   in:  x9 = the callback (the thunk loaded it), the C caller's arguments, x8 = the
//        address of a struct result returned in memory (AAPCS64 6.9; saved always)
//   out: x0, x1 = the integer result words, d0-d3 = the FP result words (an HFA of
//        floats in s0-s3: their low 32 bits); all six are loaded every time
//
// Frame (16-aligned): x29/x30 at sp, a CallbackFrame at sp + 16 (offsets:
// callback_frame_layout.h); the caller's stack arguments start above it.

#include "callback_frame_layout.h"

#define FRAME 16
#define TOTAL (FRAME + ZEROCALL_CB_FRAME_SIZE)
#define GP(i) (FRAME + ZEROCALL_CB_FRAME_GP_ARGS + 8 * (i))
#define FP(i) (FRAME + ZEROCALL_CB_FRAME_FP_ARGS + 8 * (i))
#define GP_RESULT (FRAME + ZEROCALL_CB_FRAME_GP_RESULT)
#define FP_RESULT(i) (FRAME + ZEROCALL_CB_FRAME_FP_RESULT + 8 * (i))

        .text
        .globl zerocall_callback_entry_aarch64
        .hidden zerocall_callback_entry_aarch64
        .type zerocall_callback_entry_aarch64, %function
        .p2align 2
zerocall_callback_entry_aarch64:
        .cfi_startproc
        stp x29, x30, [sp, #-TOTAL]!
        .cfi_def_cfa_offset TOTAL
        .cfi_offset x29, -TOTAL
        .cfi_offset x30, -(TOTAL - 8)
        mov x29, sp
        stp x0, x1, [sp, #GP(0)]        // integer argument registers
        stp x2, x3, [sp, #GP(2)]
        stp x4, x5, [sp, #GP(4)]
        stp x6, x7, [sp, #GP(6)]
        stp d0, d1, [sp, #FP(0)]        // FP argument registers (low 64 bits)
        stp d2, d3, [sp, #FP(2)]
        stp d4, d5, [sp, #FP(4)]
        stp d6, d7, [sp, #FP(6)]
        str x8, [sp, #(FRAME + ZEROCALL_CB_FRAME_INDIRECT_RESULT)]
        mov x0, x9                      // dispatch(context,
        add x1, sp, #FRAME              //          frame,
        add x2, sp, #TOTAL              //          the caller's stack arguments)
        bl zerocall_callback_dispatch
        ldp x0, x1, [sp, #GP_RESULT]
        ldp d0, d1, [sp, #FP_RESULT(0)]
        ldp d2, d3, [sp, #FP_RESULT(2)]
        ldp x29, x30, [sp], #TOTAL
        .cfi_def_cfa_offset 0
        .cfi_restore x29
        .cfi_restore x30
        ret
        .cfi_endproc
        .size zerocall_callback_entry_aarch64, .-zerocall_callback_entry_aarch64

        .section .note.GNU-stack,"",@progbits
