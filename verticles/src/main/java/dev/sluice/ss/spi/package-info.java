/**
 * The contract between streams and the hosts that carry them, for those who write a protocol
 * binding; applications do not need it. {@link dev.sluice.ss.spi.HostStreamBase} holds the lws
 * state machine (states, retry and backoff, timeouts, nailed-up reconnection, tx pull) that every
 * binding shares; a binding implements the protocol-specific steps.
 */
package dev.sluice.ss.spi;
