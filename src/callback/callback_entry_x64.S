// callback_entry_x64.S: zerocall_callback_entry_x64, the x86-64 System V entry of
// callback thunks (callback_entry.h, callback_thunks.h).
//
//   in:  r10 = the callback (the thunk loaded it), the C caller's arguments
//   out: rax, rdx = result words 0 and 1, xmm0 = result word 0
//
// Frame: rbp, then a CallbackFrame at rsp (integer registers at 0, FP registers at 64, result at 128);
// 8 (return address) + 8 (rbp) + 144 keeps rsp 16-aligned for the call.

        .intel_syntax noprefix
        .text

        .globl zerocall_callback_entry_x64
        .hidden zerocall_callback_entry_x64
        .type zerocall_callback_entry_x64, @function
        .p2align 4
zerocall_callback_entry_x64:
        .cfi_startproc
        push rbp
        .cfi_def_cfa_offset 16
        .cfi_offset rbp, -16
        mov rbp, rsp
        .cfi_def_cfa_register rbp
        sub rsp, 144
        mov [rsp + 0], rdi              // integer argument registers
        mov [rsp + 8], rsi
        mov [rsp + 16], rdx
        mov [rsp + 24], rcx
        mov [rsp + 32], r8
        mov [rsp + 40], r9
        movsd [rsp + 64], xmm0          // FP argument registers (low 64 bits)
        movsd [rsp + 72], xmm1
        movsd [rsp + 80], xmm2
        movsd [rsp + 88], xmm3
        movsd [rsp + 96], xmm4
        movsd [rsp + 104], xmm5
        movsd [rsp + 112], xmm6
        movsd [rsp + 120], xmm7
        mov rdi, r10                    // dispatch(context,
        mov rsi, rsp                    //          frame,
        lea rdx, [rbp + 16]             //          the caller's stack arguments)
        call zerocall_callback_dispatch
        mov rax, [rsp + 128]
        mov rdx, [rsp + 136]
        movsd xmm0, [rsp + 128]
        leave
        .cfi_def_cfa rsp, 8
        ret
        .cfi_endproc
        .size zerocall_callback_entry_x64, .-zerocall_callback_entry_x64

        .section .note.GNU-stack,"",@progbits
