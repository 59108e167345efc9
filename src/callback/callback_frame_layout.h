/* callback_frame_layout.h: the byte offsets of CallbackFrame (callback_entry.h), the
 * one place that states them: the entry routines (callback_entry_<isa>.S) include this
 * file, and callback_entry.h checks the struct against it with static_asserts. Plain
 * macros, since the assembler reads them too. */
#ifndef ZEROCALL_CALLBACK_CALLBACK_FRAME_LAYOUT_H_
#define ZEROCALL_CALLBACK_CALLBACK_FRAME_LAYOUT_H_

/* The integer argument registers (x86-64: rdi rsi rdx rcx r8 r9; AArch64: x0-x7). */
#define ZEROCALL_CB_FRAME_GP_ARGS 0
/* The FP argument registers' low 64 bits (xmm0-xmm7 / d0-d7). */
#define ZEROCALL_CB_FRAME_FP_ARGS 64
/* The integer result registers (rax rdx / x0 x1). */
#define ZEROCALL_CB_FRAME_GP_RESULT 128
/* The FP result registers' low 64 bits (xmm0 xmm1 / d0-d3). */
#define ZEROCALL_CB_FRAME_FP_RESULT 144
/* AArch64: x8 at entry, the address of a struct result returned in memory. */
#define ZEROCALL_CB_FRAME_INDIRECT_RESULT 176
/* A multiple of 16, so that both entries keep the stack aligned for the call. */
#define ZEROCALL_CB_FRAME_SIZE 192

#endif /* ZEROCALL_CALLBACK_CALLBACK_FRAME_LAYOUT_H_ */
