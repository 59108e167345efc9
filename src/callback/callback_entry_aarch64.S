// callback_entry_aarch64.S: zerocall_callback_entry_aarch64, the AAPCS64 entry of
// callback thunks (callback_entry.h, callback_thunks.h).
//
//   in:  x9 = the callback (the thunk loaded it), the C caller's arguments
//   out: x0, x1 = result words 0 and 1, d0 = result word 0
//
// Frame (160 bytes, 16-aligned): x29/x30 at sp, a CallbackFrame at sp + 16 (integer
// registers at +16, FP registers at +80, result at +144); the caller's stack arguments
// start at sp + 160.

        .text
        .globl zerocall_callback_entry_aarch64
        .hidden zerocall_callback_entry_aarch64
        .type zerocall_callback_entry_aarch64, %function
        .p2align 2
zerocall_callback_entry_aarch64:
        .cfi_startproc
        stp x29, x30, [sp, #-160]!
        .cfi_def_cfa_offset 160
        .cfi_offset x29, -160
        .cfi_offset x30, -152
        mov x29, sp
        stp x0, x1, [sp, #16]           // integer argument registers
        stp x2, x3, [sp, #32]
        stp x4, x5, [sp, #48]
        stp x6, x7, [sp, #64]
        stp d0, d1, [sp, #80]           // FP argument registers (low 64 bits)
        stp d2, d3, [sp, #96]
        stp d4, d5, [sp, #112]
        stp d6, d7, [sp, #128]
        mov x0, x9                      // dispatch(context,
        add x1, sp, #16                 //          frame,
        add x2, sp, #160                //          the caller's stack arguments)
        bl zerocall_callback_dispatch
        ldp x0, x1, [sp, #144]
        ldr d0, [sp, #144]
        ldp x29, x30, [sp], #160
        .cfi_def_cfa_offset 0
        .cfi_restore x29
        .cfi_restore x30
        ret
        .cfi_endproc
        .size zerocall_callback_entry_aarch64, .-zerocall_callback_entry_aarch64

        .section .note.GNU-stack,"",@progbits
