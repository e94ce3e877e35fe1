/**
 * The Secure Streams application API: ask for a stream by streamtype name, deal in payloads,
 * metadata and states; the policy decides everything else.
 *
 * <p>Start with {@link dev.sluice.ss.SecureStreams#create(io.vertx.core.Vertx)}, then
 * {@link dev.sluice.ss.SecureStreams#create(String, java.util.Map, dev.sluice.ss.StreamHandler)
 * create} a stream with a {@link dev.sluice.ss.StreamHandler}, {@code fetch} one transaction, or
 * {@code open} a {@link dev.sluice.ss.StreamChannel} for pipes with back-pressure. Callbacks run on
 * the event loop of the context that created the stream. {@code docs/secure-streams.md} is the
 * guide.
 */
package dev.sluice.ss;
