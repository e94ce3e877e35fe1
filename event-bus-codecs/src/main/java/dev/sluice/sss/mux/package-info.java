/**
 * lws's transport mux for byte pipes (UARTs, stdio): opcodes 0xF0 to 0xF9, one-byte channel ids,
 * a PING/PONG/PONGACK link check and RESET_TRANSPORT. {@link dev.sluice.sss.mux.MuxReader} and
 * {@link dev.sluice.sss.mux.MuxWriter} handle the bytes; {@link dev.sluice.sss.mux.MuxLink} is
 * the link state machine, with its timer as a delay the driver arms.
 */
package dev.sluice.sss.mux;
