// harness_x64.S: x86-64 SysV helpers for the execution tests (see harness.h).
        .intel_syntax noprefix
        .text

// void zc_invoke(ZcInvokeFrame* frame /*rdi*/, const void* fn /*rsi*/)
        .globl zc_invoke
        .type zc_invoke, @function
zc_invoke:
        push rbp
        mov rbp, rsp
        push rbx
        push r12
        push r13
        push r14                        // rsp is 16-aligned again
        mov rbx, rdi                    // rbx = frame
        mov r12, rsi                    // r12 = fn
        mov rcx, [rbx + 128]            // rcx = stack_slots
        lea rax, [rcx * 8 + 15]
        and rax, -16
        sub rsp, rax                    // outgoing area, 16-aligned
        mov rsi, [rbx + 136]
        xor edx, edx
1:      cmp rdx, rcx
        jae 2f
        mov rax, [rsi + rdx * 8]
        mov [rsp + rdx * 8], rax
        inc rdx
        jmp 1b
2:      movq xmm0, [rbx + 64]
        movq xmm1, [rbx + 72]
        movq xmm2, [rbx + 80]
        movq xmm3, [rbx + 88]
        movq xmm4, [rbx + 96]
        movq xmm5, [rbx + 104]
        movq xmm6, [rbx + 112]
        movq xmm7, [rbx + 120]
        mov rdi, [rbx + 0]
        mov rsi, [rbx + 8]
        mov rdx, [rbx + 16]
        mov rcx, [rbx + 24]
        mov r8, [rbx + 32]
        mov r9, [rbx + 40]
        mov r13, rsp
        call r12
        mov r14, rsp
        sub r14, r13
        mov [rbx + 160], r14
        mov [rbx + 144], rax
        movq [rbx + 152], xmm0
        lea rsp, [rbp - 32]
        pop r14
        pop r13
        pop r12
        pop rbx
        pop rbp
        ret
        .size zc_invoke, .-zc_invoke

// void zc_record(...): stores rdi..r9, xmm0..7 and its stack slots.
        .globl zc_record
        .type zc_record, @function
zc_record:
        lea r11, [rip + zc_recorded]
        mov [r11 + 0], rdi
        mov [r11 + 8], rsi
        mov [r11 + 16], rdx
        mov [r11 + 24], rcx
        mov [r11 + 32], r8
        mov [r11 + 40], r9
        movq [r11 + 64], xmm0
        movq [r11 + 72], xmm1
        movq [r11 + 80], xmm2
        movq [r11 + 88], xmm3
        movq [r11 + 96], xmm4
        movq [r11 + 104], xmm5
        movq [r11 + 112], xmm6
        movq [r11 + 120], xmm7
        xor ecx, ecx
1:      mov rax, [rsp + 8 + rcx * 8]    // incoming stack slot rcx
        mov [r11 + 128 + rcx * 8], rax
        inc ecx
        cmp ecx, 80
        jb 1b
        lea rax, [rsp + 8]              // at the call, rsp + 8 must be 16-aligned
        and eax, 15
        mov [r11 + 128 + 640], rax
        add qword ptr [r11 + 136 + 640], 1
        lea rax, [rsp + 8]
        mov [r11 + 144 + 640], rax      // stack: where slot 0 is
        mov rax, [rip + zc_record_ret_gp]
        movq xmm0, [rip + zc_record_ret_fp]
        ret
        .size zc_record, .-zc_record

// uint64_t zc_garbage_ident8(uint64_t v): al = v, garbage above.
        .globl zc_garbage_ident8
        .type zc_garbage_ident8, @function
zc_garbage_ident8:
        movabs rax, 0x5a5a5a5a5a5a5a5a
        mov al, dil
        ret
        .size zc_garbage_ident8, .-zc_garbage_ident8

// uint64_t zc_garbage_ident16(uint64_t v): ax = v, garbage above.
        .globl zc_garbage_ident16
        .type zc_garbage_ident16, @function
zc_garbage_ident16:
        movabs rax, 0x5a5a5a5a5a5a5a5a
        mov ax, di
        ret
        .size zc_garbage_ident16, .-zc_garbage_ident16

// void zc_clobber_volatile(void): garbage in the caller-saved registers.
        .globl zc_clobber_volatile
        .type zc_clobber_volatile, @function
zc_clobber_volatile:
        lea rax, [rsp + 8]              // at the call, rsp + 8 must be 16-aligned
        and eax, 15
        or [rip + zc_clobber_misaligned], rax
        movabs rax, 0x5a5a5a5a5a5a5a5a
        mov rcx, rax
        mov rdx, rax
        mov rsi, rax
        mov rdi, rax
        mov r8, rax
        mov r9, rax
        mov r10, rax
        mov r11, rax
        movq xmm0, rax
        punpcklqdq xmm0, xmm0
        movdqa xmm1, xmm0
        movdqa xmm2, xmm0
        movdqa xmm3, xmm0
        movdqa xmm4, xmm0
        movdqa xmm5, xmm0
        movdqa xmm6, xmm0
        movdqa xmm7, xmm0
        movdqa xmm8, xmm0
        movdqa xmm9, xmm0
        movdqa xmm10, xmm0
        movdqa xmm11, xmm0
        movdqa xmm12, xmm0
        movdqa xmm13, xmm0
        movdqa xmm14, xmm0
        movdqa xmm15, xmm0
        ret
        .size zc_clobber_volatile, .-zc_clobber_volatile

        .bss
        .balign 16
        .globl zc_recorded
zc_recorded:
        .zero 8 * (8 + 8 + 80 + 3)
        .globl zc_record_ret_gp
zc_record_ret_gp:
        .zero 8
        .globl zc_record_ret_fp
zc_record_ret_fp:
        .zero 8
        .globl zc_clobber_misaligned
zc_clobber_misaligned:
        .zero 8

        .section .note.GNU-stack,"",@progbits
