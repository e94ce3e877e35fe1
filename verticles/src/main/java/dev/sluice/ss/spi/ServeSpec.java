package dev.sluice.ss.spi;

import dev.sluice.policy.Policy;
import dev.sluice.policy.StreamType;

/**
 * What a {@link ServerHost} needs to serve a server streamtype.
 *
 * @param type the server streamtype
 * @param policy the policy it comes from (certs for server_cert/server_key)
 * @param acceptor builds the client side of each accepted stream
 */
public record ServeSpec(StreamType type, Policy policy, Acceptor acceptor) {

  /** Creates the application side of an accepted stream. */
  public interface Acceptor {

    /**
     * Called on the accepting connection's context with the accepted stream's spec; returns the
     * client side, to which the host then attaches the {@link HostedStream} with {@link
     * Attachment#attach}.
     */
    Attachment accept(StreamSpec accepted);
  }

  /** The client side of an accepted stream, waiting for its host side. */
  public interface Attachment extends StreamClient {

    /** Connects the host side; the host calls {@link HostedStream#start()} right after. */
    void attach(HostedStream hosted);
  }
}
