package dev.sluice.ss.spi;

import dev.sluice.policy.Protocol;
import dev.sluice.ss.StreamServer;
import io.vertx.core.Future;
import java.util.Set;

/**
 * Serves server streamtypes of some protocols (an HTTP listener serves h1, h2 and ws upgrades; a raw
 * listener serves raw TCP). Registered in the {@link HostRegistry} like client hosts.
 */
public interface ServerHost {

  Set<Protocol> serverProtocols();

  /**
   * Starts listening for {@code spec.type()}. For each accepted connection or request the host
   * builds a {@link StreamSpec} (flags ACCEPTED, the accepting connection's context), asks the
   * acceptor for the client side, attaches its {@link HostedStream} and starts it.
   */
  Future<StreamServer> serve(ServeSpec spec);
}
