package dev.sluice.ss.impl;

import dev.sluice.cluster.RemoteHostedStream;
import dev.sluice.policy.Policy;
import dev.sluice.policy.StreamType;
import dev.sluice.runtime.ActivePolicy;
import dev.sluice.runtime.PolicyHolder;
import dev.sluice.ss.SecureStream;
import dev.sluice.ss.SecureStreams;
import dev.sluice.ss.StreamChannel;
import dev.sluice.ss.StreamHandler;
import dev.sluice.ss.spi.HostRegistry;
import dev.sluice.ss.spi.HostedStream;
import dev.sluice.ss.spi.StreamHost;
import dev.sluice.ss.spi.StreamSpec;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import dev.sluice.ss.StreamServer;
import dev.sluice.ss.spi.ServeSpec;
import dev.sluice.ss.spi.ServerHost;
import dev.sluice.ss.spi.ServerRegistry;
import io.vertx.core.buffer.Buffer;
import java.util.Map;
import java.util.function.Function;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * {@link SecureStreams} over the hosts of this Vert.x instance. A stream is created on the caller's
 * context (or a new one when called from outside Vert.x) and its connection is opened from there,
 * so the stream's callbacks never hop threads.
 */
public final class SecureStreamsImpl implements SecureStreams {

  /** Numbers stream tags; process-wide so tags are unique in a log. */
  private static final AtomicLong SEQUENCE = new AtomicLong();

  private final Vertx vertx;
  /** Looked up once: each lookup goes through Vert.x's shared local maps. */
  private final PolicyHolder policies;
  private final HostRegistry hosts;

  private SecureStreamsImpl(Vertx vertx) {
    this.vertx = vertx;
    this.policies = PolicyHolder.of(vertx);
    this.hosts = HostRegistry.of(vertx);
  }

  public static SecureStreams local(Vertx vertx) {
    return new SecureStreamsImpl(vertx);
  }

  @Override
  public Future<SecureStream> create(String streamtype, Map<String, String> metadata, StreamHandler handler) {
    if (handler == null) {
      return Future.failedFuture(new IllegalArgumentException("handler must not be null"));
    }
    return createStream(streamtype, metadata, handler).map(cs -> (SecureStream) cs);
  }

  private Future<ClientStream> createStream(String streamtype, Map<String, String> metadata, StreamHandler handler) {
    Context ctx = vertx.getOrCreateContext();
    ActivePolicy active = policies.current().orElse(null);
    if (active == null) {
      return Future.failedFuture(new IllegalStateException("no policy is loaded in this Vert.x instance "
          + "(deploy the PolicyVerticle, as 'sluice run' does)"));
    }
    Policy policy = active.policy();
    StreamType type = policy.streamType(streamtype).orElse(null);
    if (type == null) {
      return Future.failedFuture(new IllegalArgumentException("unknown streamtype \"" + streamtype
          + "\" (the policy " + active.source() + " defines: "
          + policy.streamTypes().keySet().stream().map(n -> "\"" + n + "\"").collect(Collectors.joining(", ")) + ")"));
    }
    if (type.server()) {
      return Future.failedFuture(new IllegalArgumentException("streamtype \"" + streamtype
          + "\" is a server streamtype: serve it instead of creating it"));
    }
    for (String name : metadata.keySet()) {
      if (type.metadata(name).isEmpty()) {
        return Future.failedFuture(new IllegalArgumentException(ClientStream.undeclared(type, name)));
      }
    }
    StreamHost host = hosts.host(type.protocol()).orElse(null);
    if (host == null && vertx.isClustered()) {
      return createRemote(streamtype, type, policy, metadata, handler, ctx);
    }
    if (host == null) {
      return Future.failedFuture(new IllegalStateException("no host for protocol " + type.protocol().policyName()
          + " (streamtype \"" + streamtype + "\") is deployed in this Vert.x instance"));
    }
    String tag = "ss-" + SEQUENCE.incrementAndGet() + "|" + streamtype;
    Promise<ClientStream> promise = Promise.promise();
    Runnable open = () -> {
      try {
        ClientStream cs = new ClientStream(tag, type, metadata, handler, ctx);
        HostedStream hosted = host.open(new StreamSpec(tag, type, policy, metadata, ctx, 0), cs);
        cs.attach(hosted);
        hosted.start();
        promise.complete(cs);
      } catch (RuntimeException e) {
        promise.fail(e);
      }
    };
    if (Vertx.currentContext() == ctx) {
      open.run();
    } else {
      ctx.runOnContext(v -> open.run());
    }
    return promise.future();
  }

  /** No host here: a node of the cluster hosts the stream; the callbacks still run on {@code ctx}. */
  private Future<ClientStream> createRemote(String streamtype, StreamType type, Policy policy,
      Map<String, String> metadata, StreamHandler handler, Context ctx) {
    String tag = "ss-" + SEQUENCE.incrementAndGet() + "|" + streamtype;
    Promise<ClientStream> promise = Promise.promise();
    Runnable open = () -> {
      ClientStream cs = new ClientStream(tag, type, metadata, handler, ctx);
      RemoteHostedStream.create(vertx, new StreamSpec(tag, type, policy, metadata, ctx, 0), cs)
          .onSuccess(hosted -> {
            cs.attach(hosted);
            hosted.start();
            promise.complete(cs);
          })
          .onFailure(e -> promise.fail(new IllegalStateException("cannot create streamtype \"" + streamtype
              + "\" in the cluster: " + e.getMessage(), e)));
    };
    if (Vertx.currentContext() == ctx) {
      open.run();
    } else {
      ctx.runOnContext(v -> open.run());
    }
    return promise.future();
  }

  @Override
  public Future<Buffer> fetch(String streamtype, Map<String, String> metadata, Buffer body) {
    FetchHandler fh = new FetchHandler(streamtype, body);
    return createStream(streamtype, metadata, fh).compose(cs -> {
      fh.start(cs);
      return fh.result();
    });
  }

  @Override
  public Future<StreamServer> serve(String streamtype, Function<SecureStream, StreamHandler> acceptor) {
    if (acceptor == null) {
      return Future.failedFuture(new IllegalArgumentException("acceptor must not be null"));
    }
    ActivePolicy active = policies.current().orElse(null);
    if (active == null) {
      return Future.failedFuture(new IllegalStateException("no policy is loaded in this Vert.x instance"));
    }
    StreamType type = active.policy().streamType(streamtype).orElse(null);
    if (type == null || !type.server()) {
      return Future.failedFuture(new IllegalArgumentException(type == null
          ? "unknown streamtype \"" + streamtype + "\"" : "streamtype \"" + streamtype
          + "\" is not a server streamtype (it has no \"server\": true): create it instead"));
    }
    ServerHost host = ServerRegistry.of(vertx).host(type.protocol()).orElse(null);
    if (host == null) {
      return Future.failedFuture(new IllegalStateException("no server host for protocol "
          + type.protocol().policyName() + " (streamtype \"" + streamtype + "\") is deployed in this Vert.x instance"));
    }
    ServeSpec.Acceptor acc = spec -> {
      String tag = "ss-" + SEQUENCE.incrementAndGet() + "|" + streamtype + "|accepted";
      AcceptedStream a = new AcceptedStream(tag, spec, acceptor);
      return a.client();
    };
    return host.serve(new ServeSpec(type, active.policy(), acc));
  }

  @Override
  public Future<StreamChannel> open(String streamtype, Map<String, String> metadata) {
    StreamChannelImpl ch = new StreamChannelImpl();
    return createStream(streamtype, metadata, ch).map(cs -> {
      ch.bind(cs);
      return (StreamChannel) ch;
    });
  }
}
