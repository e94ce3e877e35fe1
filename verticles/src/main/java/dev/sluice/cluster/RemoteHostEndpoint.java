package dev.sluice.cluster;

import dev.sluice.frame.StreamFrame;
import dev.sluice.policy.Protocol;
import dev.sluice.policy.StreamType;
import dev.sluice.runtime.ActivePolicy;
import dev.sluice.runtime.PolicyHolder;
import dev.sluice.ss.spi.HostRegistry;
import dev.sluice.ss.spi.HostedStream;
import dev.sluice.ss.spi.StreamHost;
import dev.sluice.ss.spi.StreamSpec;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * On a clustered node, offers the node's stream hosts to the other nodes: takes Create frames on
 * {@code sluice.host.<protocol>} and hosts each stream here, on this verticle's event loop. Several
 * instances are deployed, one per event loop, and the event bus spreads the Creates among them.
 */
public final class RemoteHostEndpoint extends VerticleBase {

  private static final Logger log = LoggerFactory.getLogger(RemoteHostEndpoint.class);

  private final Set<Protocol> protocols;
  private final List<MessageConsumer<StreamFrame>> consumers = new ArrayList<>();

  public RemoteHostEndpoint(Set<Protocol> protocols) {
    this.protocols = Set.copyOf(protocols);
  }

  @Override
  public Future<?> start() {
    Frames.register(vertx);
    List<Future<Void>> ready = new ArrayList<>();
    for (Protocol p : protocols) {
      MessageConsumer<StreamFrame> c = vertx.eventBus().consumer(Frames.hostAddress(p), m -> create(p, m));
      consumers.add(c);
      ready.add(c.completion());
    }
    return Future.all(ready);
  }

  @Override
  public Future<?> stop() {
    return Future.all(consumers.stream().map(MessageConsumer::unregister).toList());
  }

  private void create(Protocol protocol, Message<StreamFrame> m) {
    if (!(m.body() instanceof StreamFrame.Create c)) {
      m.reply(new StreamFrame.CreateResult(false, null, "expected a Create frame"), Frames.OPTIONS);
      return;
    }
    ActivePolicy active = PolicyHolder.of(vertx).current().orElse(null);
    StreamType type = active == null ? null : active.policy().streamType(c.streamtype()).orElse(null);
    StreamHost host = HostRegistry.of(vertx).host(protocol).orElse(null);
    if (type == null || host == null || type.protocol() != protocol) {
      String why = type == null ? "this node's policy has no streamtype \"" + c.streamtype() + "\""
          : "this node hosts no " + protocol.policyName() + " streams";
      m.reply(new StreamFrame.CreateResult(false, null, why), Frames.OPTIONS);
      return;
    }
    String tag = c.tag() + "@" + deploymentID().substring(0, Math.min(8, deploymentID().length()));
    String address = "sluice.stream." + UUID.randomUUID();
    HostSideStream side = new HostSideStream(vertx, tag, c.clientAddress(), c.replay());
    HostedStream hosted;
    try {
      hosted = host.open(new StreamSpec(tag, type, active.policy(), c.metadata(), context, 0), side);
    } catch (RuntimeException e) {
      log.warn("{}: cannot host the stream: {}", tag, e.toString());
      m.reply(new StreamFrame.CreateResult(false, null, e.getMessage()), Frames.OPTIONS);
      return;
    }
    side.bind(hosted, address);
    m.reply(new StreamFrame.CreateResult(true, address, null), Frames.OPTIONS);
  }
}
