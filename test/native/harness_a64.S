// harness_a64.S: AArch64 (AAPCS64) helpers for the execution tests (see harness.h).
        .text

// void zc_invoke(ZcInvokeFrame* frame /*x0*/, const void* fn /*x1*/)
        .globl zc_invoke
        .type zc_invoke, %function
zc_invoke:
        stp x29, x30, [sp, #-48]!
        mov x29, sp
        stp x19, x20, [sp, #16]
        stp x21, x22, [sp, #32]
        mov x19, x0                     // x19 = frame
        mov x20, x1                     // x20 = fn
        ldr x2, [x19, #128]             // x2 = stack_slots
        add x3, x2, #1
        and x3, x3, #~1
        lsl x3, x3, #3                  // 16-aligned byte size
        sub sp, sp, x3
        ldr x4, [x19, #136]
        mov x5, #0
1:      cmp x5, x2
        b.hs 2f
        ldr x6, [x4, x5, lsl #3]
        str x6, [sp, x5, lsl #3]
        add x5, x5, #1
        b 1b
2:      ldp d0, d1, [x19, #64]
        ldp d2, d3, [x19, #80]
        ldp d4, d5, [x19, #96]
        ldp d6, d7, [x19, #112]
        ldp x0, x1, [x19, #0]
        ldp x2, x3, [x19, #16]
        ldp x4, x5, [x19, #32]
        ldp x6, x7, [x19, #48]
        mov x21, sp
        blr x20
        mov x22, sp
        sub x22, x22, x21
        str x22, [x19, #160]
        str x0, [x19, #144]
        str d0, [x19, #152]
        mov sp, x29
        ldp x19, x20, [sp, #16]
        ldp x21, x22, [sp, #32]
        ldp x29, x30, [sp], #48
        ret
        .size zc_invoke, .-zc_invoke

// void zc_record(...): stores x0..x7, d0..d7, its stack slots and their address.
        .globl zc_record
        .type zc_record, %function
zc_record:
        adrp x9, zc_recorded
        add x9, x9, :lo12:zc_recorded
        stp x0, x1, [x9, #0]
        stp x2, x3, [x9, #16]
        stp x4, x5, [x9, #32]
        stp x6, x7, [x9, #48]
        stp d0, d1, [x9, #64]
        stp d2, d3, [x9, #80]
        stp d4, d5, [x9, #96]
        stp d6, d7, [x9, #112]
        mov x10, #0
1:      ldr x11, [sp, x10, lsl #3]      // incoming stack slot x10
        add x12, x9, #128
        str x11, [x12, x10, lsl #3]
        add x10, x10, #1
        cmp x10, #80
        b.lo 1b
        mov x11, sp
        and x11, x11, #15
        str x11, [x9, #768]             // misaligned
        ldr x11, [x9, #776]
        add x11, x11, #1
        str x11, [x9, #776]             // calls
        mov x11, sp
        str x11, [x9, #784]             // stack: where slot 0 is
        adrp x10, zc_record_ret_gp
        ldr x0, [x10, :lo12:zc_record_ret_gp]
        adrp x10, zc_record_ret_fp
        ldr d0, [x10, :lo12:zc_record_ret_fp]
        ret
        .size zc_record, .-zc_record

// uint64_t zc_garbage_ident8(uint64_t v): w0 low byte = v, garbage above.
        .globl zc_garbage_ident8
        .type zc_garbage_ident8, %function
zc_garbage_ident8:
        mov x9, #0x5a5a
        movk x9, #0x5a5a, lsl #16
        movk x9, #0x5a5a, lsl #32
        movk x9, #0x5a5a, lsl #48
        bfxil x9, x0, #0, #8
        mov x0, x9
        ret
        .size zc_garbage_ident8, .-zc_garbage_ident8

// uint64_t zc_garbage_ident16(uint64_t v): w0 low half = v, garbage above.
        .globl zc_garbage_ident16
        .type zc_garbage_ident16, %function
zc_garbage_ident16:
        mov x9, #0x5a5a
        movk x9, #0x5a5a, lsl #16
        movk x9, #0x5a5a, lsl #32
        movk x9, #0x5a5a, lsl #48
        bfxil x9, x0, #0, #16
        mov x0, x9
        ret
        .size zc_garbage_ident16, .-zc_garbage_ident16

// void zc_clobber_volatile(void): garbage in the caller-saved registers.
        .globl zc_clobber_volatile
        .type zc_clobber_volatile, %function
zc_clobber_volatile:
        adrp x9, zc_clobber_misaligned
        add x9, x9, :lo12:zc_clobber_misaligned
        mov x10, sp
        and x10, x10, #15
        ldr x11, [x9]
        orr x11, x11, x10
        str x11, [x9]
        mov x0, #0x5a5a
        movk x0, #0x5a5a, lsl #16
        movk x0, #0x5a5a, lsl #32
        movk x0, #0x5a5a, lsl #48
        mov x1, x0
        mov x2, x0
        mov x3, x0
        mov x4, x0
        mov x5, x0
        mov x6, x0
        mov x7, x0
        mov x8, x0
        mov x9, x0
        mov x10, x0
        mov x11, x0
        mov x12, x0
        mov x13, x0
        mov x14, x0
        mov x15, x0
        mov x16, x0
        mov x17, x0
        dup v0.2d, x0
        mov v1.16b, v0.16b
        mov v2.16b, v0.16b
        mov v3.16b, v0.16b
        mov v4.16b, v0.16b
        mov v5.16b, v0.16b
        mov v6.16b, v0.16b
        mov v7.16b, v0.16b
        mov v16.16b, v0.16b
        mov v17.16b, v0.16b
        mov v18.16b, v0.16b
        mov v19.16b, v0.16b
        mov v20.16b, v0.16b
        mov v21.16b, v0.16b
        mov v22.16b, v0.16b
        mov v23.16b, v0.16b
        mov v24.16b, v0.16b
        mov v25.16b, v0.16b
        mov v26.16b, v0.16b
        mov v27.16b, v0.16b
        mov v28.16b, v0.16b
        mov v29.16b, v0.16b
        mov v30.16b, v0.16b
        mov v31.16b, v0.16b
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

        .section .note.GNU-stack,"",%progbits
