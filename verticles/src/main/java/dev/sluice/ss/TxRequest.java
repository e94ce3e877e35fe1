package dev.sluice.ss;

/**
 * The stream can send: the handler's {@code tx} may return up to {@link #maxLength()} bytes.
 *
 * @param ordinal how many times tx has been asked on this stream before (lws's {@code ord})
 * @param maxLength the most bytes one answer may carry
 */
public record TxRequest(long ordinal, int maxLength) {}
