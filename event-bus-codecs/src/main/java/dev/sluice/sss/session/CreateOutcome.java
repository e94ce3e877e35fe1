package dev.sluice.sss.session;

import java.util.List;
import java.util.function.Predicate;

/**
 * What the proxy's driver answers when a client asks for a streamtype: whether the onward stream
 * could be created from the policy, and the policy values the proxy needs for it.
 *
 * @param created whether the onward stream exists
 * @param reason why not, for the log and the close reason (null when created)
 * @param clientBuflen the policy's {@code client_buflen}, sent in CREATE_RESULT (0: client default)
 * @param rideshares the streamtype's rideshare chain after the streamtype itself
 * @param declaredMetadata the metadata names the policy declares for the streamtype
 * @param proxyBuflen the policy's {@code proxy_buflen}: the stream's buffer, both directions
 * @param rxflowOnAbove stop onward rx when this many bytes wait for the client (0: never)
 * @param rxflowOffBelow resume onward rx below this many
 */
public record CreateOutcome(boolean created, String reason, long clientBuflen,
    List<String> rideshares, Predicate<String> declaredMetadata, int proxyBuflen,
    long rxflowOnAbove, long rxflowOffBelow) {

  /** lws's per-stream proxy buffer when the policy sets none. */
  public static final int DEFAULT_PROXY_BUFLEN = 32 * 1024;

  public CreateOutcome {
    rideshares = List.copyOf(rideshares);
    if (proxyBuflen <= 0) {
      throw new IllegalArgumentException("proxyBuflen " + proxyBuflen + " must be positive");
    }
    if (rxflowOnAbove < 0 || rxflowOffBelow < 0 || rxflowOffBelow > rxflowOnAbove) {
      throw new IllegalArgumentException("rx flow thresholds on above " + rxflowOnAbove
          + ", off below " + rxflowOffBelow + " must satisfy 0 <= off <= on");
    }
  }

  /** Created, with lws's defaults: no client buffer hint, no rideshares, 32 KiB, no rx flow. */
  public static CreateOutcome created(Predicate<String> declaredMetadata) {
    return new CreateOutcome(true, null, 0, List.of(), declaredMetadata, DEFAULT_PROXY_BUFLEN, 0,
        0);
  }

  /** Not created; {@code reason} says why (e.g. the streamtype is not in the policy). */
  public static CreateOutcome refused(String reason) {
    return new CreateOutcome(false, reason, 0, List.of(), name -> false, DEFAULT_PROXY_BUFLEN, 0,
        0);
  }

  public CreateOutcome withClientBuflen(long value) {
    return new CreateOutcome(created, reason, value, rideshares, declaredMetadata, proxyBuflen,
        rxflowOnAbove, rxflowOffBelow);
  }

  public CreateOutcome withRideshares(List<String> value) {
    return new CreateOutcome(created, reason, clientBuflen, value, declaredMetadata, proxyBuflen,
        rxflowOnAbove, rxflowOffBelow);
  }

  public CreateOutcome withProxyBuflen(int value) {
    return new CreateOutcome(created, reason, clientBuflen, rideshares, declaredMetadata, value,
        rxflowOnAbove, rxflowOffBelow);
  }

  public CreateOutcome withRxFlow(long onAbove, long offBelow) {
    return new CreateOutcome(created, reason, clientBuflen, rideshares, declaredMetadata,
        proxyBuflen, onAbove, offBelow);
  }
}
