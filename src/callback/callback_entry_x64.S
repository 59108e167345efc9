// callback_entry_x64.S: zerocall_callback_entry_x64, the x86-64 System V entry of
// callback thunks (callback_entry.h, callback_thunks.h).
//
//   in:  r10 = the callback (the thunk loaded it), the C caller's arguments
//   out: rax, rdx = the integer result words, xmm0, xmm1 = the FP result words (all
//        four are loaded every time: dispatch has set those the signature uses)
//
// Frame: rbp, then a CallbackFrame at rsp (offsets: callback_frame_layout.h); 8 (return
// address) + 8 (rbp) + its size, a multiple of 16, keep rsp 16-aligned for the call.
// A struct returned in memory needs nothing here: its address arrives in rdi, and
// dispatch writes it to the integer result word for rax.

#include "callback_frame_layout.h"

#define GP(i) [rsp + ZEROCALL_CB_FRAME_GP_ARGS + 8 * (i)]
#define FP(i) [rsp + ZEROCALL_CB_FRAME_FP_ARGS + 8 * (i)]

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
        sub rsp, ZEROCALL_CB_FRAME_SIZE
        mov GP(0), rdi                  // integer argument registers
        mov GP(1), rsi
        mov GP(2), rdx
        mov GP(3), rcx
        mov GP(4), r8
        mov GP(5), r9
        movsd FP(0), xmm0               // FP argument registers (low 64 bits)
        movsd FP(1), xmm1
        movsd FP(2), xmm2
        movsd FP(3), xmm3
        movsd FP(4), xmm4
        movsd FP(5), xmm5
        movsd FP(6), xmm6
        movsd FP(7), xmm7
        mov rdi, r10                    // dispatch(context,
        mov rsi, rsp                    //          frame,
        lea rdx, [rbp + 16]             //          the caller's stack arguments)
        call zerocall_callback_dispatch
        mov rax, [rsp + ZEROCALL_CB_FRAME_GP_RESULT]
        mov rdx, [rsp + ZEROCALL_CB_FRAME_GP_RESULT + 8]
        movsd xmm0, [rsp + ZEROCALL_CB_FRAME_FP_RESULT]
        movsd xmm1, [rsp + ZEROCALL_CB_FRAME_FP_RESULT + 8]
        leave
        .cfi_def_cfa rsp, 8
        ret
        .cfi_endproc
        .size zerocall_callback_entry_x64, .-zerocall_callback_entry_x64

        .section .note.GNU-stack,"",@progbits
