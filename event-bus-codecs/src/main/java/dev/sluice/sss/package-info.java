/**
 * Serialized Secure Streams on the wire, byte-compatible with libwebsockets: the frame types
 * ({@link dev.sluice.sss.ClientFrame} client to proxy, {@link dev.sluice.sss.ProxyFrame} proxy to
 * client), {@link dev.sluice.sss.SssWriter} which writes what lws's code writes, and
 * {@link dev.sluice.sss.SssReader} which reads what lws writes (and the variants its header
 * comments describe) from bytes split anyhow, reporting what lws would hang up on as a
 * {@link dev.sluice.sss.SssProtocolException} that names the rule, the frame and the offset.
 *
 * <p>The session state machines are in {@code dev.sluice.sss.session}, the byte-pipe mux in
 * {@code dev.sluice.sss.mux}. See {@code docs/sss-wire.md}.
 */
package dev.sluice.sss;
