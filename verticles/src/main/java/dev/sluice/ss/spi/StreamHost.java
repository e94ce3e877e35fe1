package dev.sluice.ss.spi;

import dev.sluice.policy.Protocol;
import java.util.Set;

/**
 * Runs streams of some protocols (h1 and h2; ws; mqtt; raw). A host registers itself in the
 * {@link HostRegistry} of its Vert.x instance when deployed and leaves it when undeployed.
 */
public interface StreamHost {

  Set<Protocol> protocols();

  /**
   * Starts hosting a stream. Must be called on {@code spec.context()}; never throws for a bad
   * policy value: the stream reports a failure state instead.
   */
  HostedStream open(StreamSpec spec, StreamClient client);
}
