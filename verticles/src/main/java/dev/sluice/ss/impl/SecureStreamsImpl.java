package dev.sluice.ss.impl;

import dev.sluice.cluster.RemoteHostedStream;
import dev.sluice.policy.Policy;
import dev.sluice.policy.StreamType;
import dev.sluice.runtime.ActivePolicy;
import dev.sluice.runtime.PolicyHolder;
import dev.sluice.ss.ProxyAddress;
import dev.sluice.ss.SecureStream;
import dev.sluice.ss.impl.wire.MuxCarrier;
import dev.sluice.ss.impl.wire.SocketCarrier;
import dev.sluice.ss.impl.wire.WireCarrier;
import dev.sluice.ss.impl.wire.WireStream;
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
  /** How streams reach their proxy; null for streams hosted in this JVM or its cluster. */
  private final WireCarrier carrier;

  private SecureStreamsImpl(Vertx vertx, WireCarrier carrier) {
    this.vertx = vertx;
    this.policies = PolicyHolder.of(vertx);
    this.hosts = HostRegistry.of(vertx);
    this.carrier = carrier;
  }

  public static SecureStreams local(Vertx vertx) {
    return new SecureStreamsImpl(vertx, null);
  }

  /** Streams through the SS proxy at {@code address}. */
  public static SecureStreams proxied(Vertx vertx, ProxyAddress address) {
    WireCarrier carrier = address.kind() == ProxyAddress.Kind.STDIO
        ? MuxCarrier.start(vertx, address) : new SocketCarrier(vertx, address);
    return new SecureStreamsImpl(vertx, carrier);
  }

  /**
   * Streams through a proxy at the far end of a byte pipe carrying lws's transport mux (a UART,
   * or a socket's streams); {@code stopPeer} runs on close.
   */
  public static SecureStreams muxed(Vertx vertx, java.io.InputStream in, java.io.OutputStream out,
      Runnable stopPeer) {
    return new SecureStreamsImpl(vertx, new MuxCarrier(vertx, "mux", in, out, stopPeer));
  }

  @Override
  public Future<Void> close() {
    return carrier == null ? Future.succeededFuture() : carrier.close();
  }

  @Override
  public Future<SecureStream> create(String streamtype, Map<String, String> metadata, StreamHandler handler) {
    if (handler == null) {
      return Future.failedFuture(new IllegalArgumentException("handler must not be null"));
    }
    @SuppressWarnings("unchecked") // a ClientStream is a SecureStream: no need for a mapped future
    Future<SecureStream> f = (Future<SecureStream>) (Future<? extends SecureStream>) createStream(streamtype, metadata, handler);
    return f;
  }

  private Future<ClientStream> createStream(String streamtype, Map<String, String> metadata, StreamHandler handler) {
    Context ctx = vertx.getOrCreateContext();
    if (carrier != null) {
      return createProxied(streamtype, metadata, handler, ctx);
    }
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
    if (!metadata.isEmpty()) { // no iterator for the common case of no metadata
      for (String name : metadata.keySet()) {
        if (type.metadata(name).isEmpty()) {
          return Future.failedFuture(new IllegalArgumentException(ClientStream.undeclared(type, name)));
        }
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
    if (Vertx.currentContext() == ctx) {
      // Already on the stream's context (a stream made from another stream's callback, a verticle):
      // open it now, with no promise and no listener to run later.
      try {
        return Future.succeededFuture(openHosted(tag, type, policy, metadata, handler, ctx, host));
      } catch (RuntimeException e) {
        return Future.failedFuture(e);
      }
    }
    Promise<ClientStream> promise = Promise.promise();
    ctx.runOnContext(v -> {
      try {
        promise.complete(openHosted(tag, type, policy, metadata, handler, ctx, host));
      } catch (RuntimeException e) {
        promise.fail(e);
      }
    });
    return promise.future();
  }

  private static ClientStream openHosted(String tag, StreamType type, Policy policy, Map<String, String> metadata,
      StreamHandler handler, Context ctx, StreamHost host) {
    ClientStream cs = new ClientStream(tag, type, metadata, handler, ctx);
    HostedStream hosted = host.open(new StreamSpec(tag, type, policy, metadata, ctx, 0), cs);
    cs.attach(hosted);
    hosted.start();
    return cs;
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
    runOn(ctx, open);
    return promise.future();
  }

  /**
   * Through the proxy: its policy decides. A streamtype this JVM's policy also knows has its
   * metadata names checked here; any other is left to the proxy, as lws's client does.
   */
  private Future<ClientStream> createProxied(String streamtype, Map<String, String> metadata,
      StreamHandler handler, Context ctx) {
    StreamType known = PolicyHolder.of(vertx).current()
        .flatMap(active -> active.policy().streamType(streamtype)).orElse(null);
    if (known != null) {
      for (String name : metadata.keySet()) {
        if (known.metadata(name).isEmpty()) {
          return Future.failedFuture(new IllegalArgumentException(ClientStream.undeclared(known, name)));
        }
      }
    }
    StreamType type = known != null ? known : new StreamType(streamtype, Map.of());
    String tag = "ss-" + SEQUENCE.incrementAndGet() + "|" + streamtype + "|proxied";
    Promise<ClientStream> promise = Promise.promise();
    Runnable open = () -> {
      try {
        ClientStream cs = new ClientStream(tag, type, metadata, handler, ctx);
        if (known == null) {
          cs.acceptAnyMetadata();
        }
        WireStream wire = new WireStream(tag, streamtype, metadata, ctx, cs, carrier);
        cs.attach(wire);
        wire.start();
        promise.complete(cs);
      } catch (RuntimeException e) {
        promise.fail(e);
      }
    };
    runOn(ctx, open);
    return promise.future();
  }

  /** Runs {@code action} on {@code ctx}: at once when already there. */
  private static void runOn(Context ctx, Runnable action) {
    if (Vertx.currentContext() == ctx) {
      action.run();
    } else {
      ctx.runOnContext(v -> action.run());
    }
  }

  @Override
  public Future<Buffer> fetch(String streamtype, Map<String, String> metadata, Buffer body) {
    FetchHandler fh = new FetchHandler(streamtype, body);
    Future<ClientStream> created = createStream(streamtype, metadata, fh);
    if (created.succeeded()) { // opened on this context at once: no composed future in between
      fh.start(created.result());
      return fh.result();
    }
    return created.compose(cs -> {
      fh.start(cs);
      return fh.result();
    });
  }

  @Override
  public Future<StreamServer> serve(String streamtype, Function<SecureStream, StreamHandler> acceptor) {
    if (acceptor == null) {
      return Future.failedFuture(new IllegalArgumentException("acceptor must not be null"));
    }
    if (carrier != null) {
      return Future.failedFuture(new IllegalStateException("server streamtypes cannot be served"
          + " through an SS proxy (lws's proxy does not either): serve them in the proxy's runtime"));
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
    // The accepted stream goes by its host's tag (e.g. "http|api|7"): one name per stream in
    // the logs, and no second tag to build for every request.
    ServeSpec.Acceptor acc = spec -> new AcceptedStream(spec.tag(), spec, acceptor).client();
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
