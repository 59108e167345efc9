// resolver_x64.S: zerocall_jit_resolve_x64, the x86-64 System V resolver routine
// of StubValue::kResolvedPointer / kResolvedInteger (contract in resolver.h).
//
//   in:  r10 = value, r11 = const ResolveContext* (resolve at offset 0)
//   out: r10 = pointer, r11 = failed (nonzero = failure)
//   preserves rdi rsi rdx rcx r8 r9 (the stub's argument registers) and
//   xmm0-xmm7 (all 128 bits), rsp, and the callee-saved registers (resolve
//   keeps those itself, psABI 3.2.1); clobbers rax and the other caller-saved
//   registers.
//
// A stub calls it at entry before pushing anything, so rsp = 0 mod 16 here
// (V8 called the stub with rsp = 8 mod 16). The routine does not rely on it:
// it aligns rsp itself before calling resolve (psABI 3.2.2: rsp + 8 = 0 mod 16
// at the callee's entry, i.e. rsp = 0 mod 16 at the call).

        .intel_syntax noprefix
        .text

        .globl zerocall_jit_resolve_x64
        .hidden zerocall_jit_resolve_x64
        .type zerocall_jit_resolve_x64, @function
        .p2align 4
zerocall_jit_resolve_x64:
        .cfi_startproc
        push rbp                        // frame record; rbp = entry rsp - 8
        .cfi_def_cfa_offset 16
        .cfi_offset rbp, -16
        mov rbp, rsp
        .cfi_def_cfa_register rbp
        and rsp, -16                    // align, whatever the caller's rsp was
        sub rsp, 176                    // 8 xmm (128) + 6 GP (48): stays 16-aligned
        movaps [rsp + 0], xmm0          // FP argument registers, all 128 bits
        movaps [rsp + 16], xmm1
        movaps [rsp + 32], xmm2
        movaps [rsp + 48], xmm3
        movaps [rsp + 64], xmm4
        movaps [rsp + 80], xmm5
        movaps [rsp + 96], xmm6
        movaps [rsp + 112], xmm7
        mov [rsp + 128], rdi            // GP argument registers
        mov [rsp + 136], rsi
        mov [rsp + 144], rdx
        mov [rsp + 152], rcx
        mov [rsp + 160], r8
        mov [rsp + 168], r9
        mov rdi, r10                    // resolve(value,
        mov rsi, r11                    //         context)
        call [r11]                      // context->resolve: rax = pointer, rdx = failed
        mov r10, rax                    // r10 = pointer
        mov r11, rdx                    // r11 = failed
        movaps xmm0, [rsp + 0]
        movaps xmm1, [rsp + 16]
        movaps xmm2, [rsp + 32]
        movaps xmm3, [rsp + 48]
        movaps xmm4, [rsp + 64]
        movaps xmm5, [rsp + 80]
        movaps xmm6, [rsp + 96]
        movaps xmm7, [rsp + 112]
        mov rdi, [rsp + 128]
        mov rsi, [rsp + 136]
        mov rdx, [rsp + 144]
        mov rcx, [rsp + 152]
        mov r8, [rsp + 160]
        mov r9, [rsp + 168]
        leave                           // mov rsp, rbp; pop rbp
        .cfi_def_cfa rsp, 8
        ret
        .cfi_endproc
        .size zerocall_jit_resolve_x64, .-zerocall_jit_resolve_x64

        .section .note.GNU-stack,"",@progbits
