package dev.sluice.policy;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/** The transport a streamtype uses, with lws's policy name and index (LWSSSP_*). */
public enum Protocol {
  H1("h1", 0),
  H2("h2", 1),
  H3("h3", 2),
  WS("ws", 3),
  MQTT("mqtt", 4),
  RAW("raw", 5);

  private final String policyName;
  private final int lwsIndex;

  Protocol(String policyName, int lwsIndex) {
    this.policyName = policyName;
    this.lwsIndex = lwsIndex;
  }

  /** The name used in policies: "h1", "h2", "h3", "ws", "mqtt" or "raw". */
  public String policyName() {
    return policyName;
  }

  /** lws's LWSSSP_* value. */
  public int lwsIndex() {
    return lwsIndex;
  }

  /** True for protocols that carry HTTP semantics (status, headers, method). */
  public boolean isHttp() {
    return this == H1 || this == H2 || this == H3;
  }

  public static Optional<Protocol> byPolicyName(String name) {
    for (Protocol p : values()) {
      if (p.policyName.equals(name)) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }

  /** "h1, h2, h3, ws, mqtt, raw", for error messages. */
  public static String validNames() {
    return Arrays.stream(values()).map(Protocol::policyName).collect(Collectors.joining(", "));
  }
}
