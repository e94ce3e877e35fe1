package dev.sluice.sss.session;

import dev.sluice.sss.ClientFrame;
import dev.sluice.sss.SssLimits;
import java.util.function.LongSupplier;

/**
 * How a {@link ClientSession} presents itself to the proxy.
 *
 * @param streamType the streamtype to ask for (1 to 31 chars)
 * @param pid sent in STREAMTYPE; lws sends getpid(), or 0 where there is none
 * @param initialTxCredit the credit granted to the onward peer (lws default 500000000)
 * @param maxTxPayload the most payload one TX_PAYLOAD carries; lws's default buffer gives 4061
 * @param limits what the session's reader accepts from the proxy
 * @param clockMicros microsecond wall clock for TX_PAYLOAD timings
 */
public record ClientSessionOptions(String streamType, long pid, long initialTxCredit,
    int maxTxPayload, SssLimits limits, LongSupplier clockMicros) {

  /** lws's default: {@code max_http_header_data} 4096 less its own headroom and 19 header bytes. */
  public static final int DEFAULT_MAX_TX_PAYLOAD = 4061;

  public ClientSessionOptions {
    // STREAMTYPE's constructor checks the name, pid and credit with the frame's own messages
    new ClientFrame.StreamType(pid, initialTxCredit, streamType);
    if (maxTxPayload < 1 || maxTxPayload > 0xffff - 16) {
      throw new IllegalArgumentException(
          "maxTxPayload " + maxTxPayload + " is outside 1 to " + (0xffff - 16));
    }
  }

  /** This process's pid, lws's default credit and buffer, the wall clock. */
  public static ClientSessionOptions of(String streamType) {
    return new ClientSessionOptions(streamType, ProcessHandle.current().pid() & 0xffffffffL,
        ClientFrame.DEFAULT_INITIAL_TX_CREDIT, DEFAULT_MAX_TX_PAYLOAD, SssLimits.DEFAULT,
        () -> System.currentTimeMillis() * 1000);
  }

  public ClientSessionOptions withPid(long value) {
    return new ClientSessionOptions(streamType, value, initialTxCredit, maxTxPayload, limits,
        clockMicros);
  }

  public ClientSessionOptions withInitialTxCredit(long value) {
    return new ClientSessionOptions(streamType, pid, value, maxTxPayload, limits, clockMicros);
  }

  public ClientSessionOptions withMaxTxPayload(int value) {
    return new ClientSessionOptions(streamType, pid, initialTxCredit, value, limits, clockMicros);
  }

  public ClientSessionOptions withLimits(SssLimits value) {
    return new ClientSessionOptions(streamType, pid, initialTxCredit, maxTxPayload, value,
        clockMicros);
  }

  public ClientSessionOptions withClock(LongSupplier value) {
    return new ClientSessionOptions(streamType, pid, initialTxCredit, maxTxPayload, limits,
        value);
  }
}
