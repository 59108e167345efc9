// resolver_aarch64.S: zerocall_jit_resolve_aarch64, the AArch64 (AAPCS64) resolver
// routine of StubValue::kResolvedPointer / kResolvedInteger (contract in resolver.h).
//
//   in:  x9 = value, x10 = const ResolveContext* (resolve at offset 0),
//        x17 = return address (the stub does `adr x17, <after>; br x16`, so
//        x30 still holds the stub's own return address)
//   out: x9 = pointer, x10 = failed (nonzero = failure); returns with `br x17`
//   preserves x0-x8 (the stub's argument registers and the indirect-result
//   register), x30, q0-q7 (all 128 bits), sp, and the callee-saved registers
//   (resolve keeps those itself, AAPCS64 6.4.1); clobbers x16, x17 (restored
//   only as the return address) and the other caller-saved registers.
//
// sp is 16-byte aligned at every instruction here (AAPCS64 6.4.5.1): the frame
// is 224 bytes.

        .text

        .globl zerocall_jit_resolve_aarch64
        .hidden zerocall_jit_resolve_aarch64
        .type zerocall_jit_resolve_aarch64, %function
        .p2align 2
zerocall_jit_resolve_aarch64:
        .cfi_startproc
        .cfi_return_column x17          // the caller's pc is in x17, not x30
        stp x29, x30, [sp, #-224]!      // frame record + the stub's x30
        .cfi_def_cfa_offset 224
        .cfi_offset x29, -224
        .cfi_offset x30, -216
        mov x29, sp
        stp x0, x1, [sp, #16]           // GP argument registers
        stp x2, x3, [sp, #32]
        stp x4, x5, [sp, #48]
        stp x6, x7, [sp, #64]
        stp x8, x17, [sp, #80]          // indirect-result register, return address
        .cfi_offset x17, -136
        stp q0, q1, [sp, #96]           // FP argument registers, all 128 bits
        stp q2, q3, [sp, #128]
        stp q4, q5, [sp, #160]
        stp q6, q7, [sp, #192]
        mov x0, x9                      // resolve(value,
        mov x1, x10                     //         context)
        ldr x16, [x10]                  // context->resolve
        blr x16                         // x0 = pointer, x1 = failed
        mov x9, x0                      // x9 = pointer
        mov x10, x1                     // x10 = failed
        ldp q6, q7, [sp, #192]
        ldp q4, q5, [sp, #160]
        ldp q2, q3, [sp, #128]
        ldp q0, q1, [sp, #96]
        ldp x8, x17, [sp, #80]
        ldp x6, x7, [sp, #64]
        ldp x4, x5, [sp, #48]
        ldp x2, x3, [sp, #32]
        ldp x0, x1, [sp, #16]
        ldp x29, x30, [sp], #224
        .cfi_def_cfa_offset 0
        br x17                          // back to the stub
        .cfi_endproc
        .size zerocall_jit_resolve_aarch64, .-zerocall_jit_resolve_aarch64

        .section .note.GNU-stack,"",%progbits
