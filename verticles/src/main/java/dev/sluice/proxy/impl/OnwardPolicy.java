package dev.sluice.proxy.impl;

import dev.sluice.policy.Policy;
import dev.sluice.policy.StreamKey;
import dev.sluice.policy.StreamType;
import dev.sluice.sss.session.CreateOutcome;
import java.util.ArrayList;
import java.util.List;

/** What the proxy's policy says about a streamtype a client asks for, as a {@link CreateOutcome}. */
final class OnwardPolicy {
  private OnwardPolicy() {}

  /** lws follows rideshare links this many streamtypes deep at most. */
  private static final int MAX_RIDESHARES = 4;

  static CreateOutcome created(Policy policy, StreamType type) {
    long on = type.number(StreamKey.PROXY_BUFLEN_RXFLOW_ON_ABOVE, 0);
    long off = Math.min(on, type.number(StreamKey.PROXY_BUFLEN_RXFLOW_OFF_BELOW, 0));
    long buflen = type.number(StreamKey.PROXY_BUFLEN, 0);
    int proxyBuflen = buflen <= 0 ? CreateOutcome.DEFAULT_PROXY_BUFLEN
        : (int) Math.min(buflen, Integer.MAX_VALUE);
    return CreateOutcome.created(name -> type.metadata(name).isPresent())
        .withClientBuflen(type.number(StreamKey.CLIENT_BUFLEN, 0))
        .withRideshares(rideshares(policy, type))
        .withProxyBuflen(proxyBuflen)
        .withRxFlow(on, off);
  }

  /** The chain of rideshare streamtypes after {@code type}, as lws lists it in CREATE_RESULT. */
  private static List<String> rideshares(Policy policy, StreamType type) {
    List<String> chain = new ArrayList<>();
    StreamType at = type;
    while (chain.size() < MAX_RIDESHARES && !at.string(StreamKey.RIDESHARE).isEmpty()) {
      String next = at.string(StreamKey.RIDESHARE);
      if (next.equals(type.name()) || chain.contains(next)) {
        break;
      }
      chain.add(next);
      at = policy.streamType(next).orElse(null);
      if (at == null) {
        break;
      }
    }
    return chain;
  }
}
