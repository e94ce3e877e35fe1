package dev.sluice.cli;

import dev.sluice.host.StreamHostsVerticle;
import dev.sluice.policy.Protocol;
import dev.sluice.policy.StreamType;
import dev.sluice.runtime.PolicyHolder;
import dev.sluice.runtime.PolicyOptions;
import dev.sluice.runtime.PolicyVerticle;
import dev.sluice.ss.CallbackResult;
import dev.sluice.ss.ProxyAddress;
import dev.sluice.ss.SecureStream;
import dev.sluice.ss.SecureStreams;
import dev.sluice.ss.StreamFlags;
import dev.sluice.ss.StreamHandler;
import dev.sluice.ss.StreamState;
import dev.sluice.ss.TxRequest;
import dev.sluice.ss.TxResult;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.transport.Transport;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code sluice ss}: one client stream from the command line. The payload of {@code --data} is sent
 * as tx, what arrives goes to stdout as it is, states go to stderr with {@code -v}. It ends when the
 * stream's transaction completes, after {@code --count} received messages, or on a failure state.
 */
@Command(name = "ss", mixinStandardHelpOptions = true,
    description = {"Run one Secure Streams client stream: --data is sent, what arrives goes to stdout.",
        "Ends when the transaction completes (HTTP: the response; MQTT QoS 1: the PUBACK; QoS 0 and ws:",
        "once the data is written), or after --count received messages."},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:success", "1:an unexpected failure", "2:usage or policy error", "3:ALL_RETRIES_FAILED",
        "4:QOS_NACK_REMOTE", "5:TIMEOUT"})
final class SsCommand implements Callable<Integer> {

  static final int EXIT_ALL_RETRIES_FAILED = 3;
  static final int EXIT_NACK = 4;
  static final int EXIT_TIMEOUT = 5;

  @Spec CommandSpec spec;

  @Parameters(paramLabel = "STREAMTYPE", description = "The streamtype to create.")
  String streamtype;

  @Option(names = "--policy", paramLabel = "FILE", description = "Policy file (default: policy.json of the conf directory).")
  Path policy;

  @Option(names = "--conf", paramLabel = "DIR", description = "Configuration directory (see 'sluice run --help').")
  Path conf;

  @Option(names = "--meta", paramLabel = "NAME=VALUE", description = "Metadata for the stream (repeatable).")
  List<String> meta = List.of();

  @Option(names = "--data", paramLabel = "FILE|-", description = "Send this file (or stdin with -) as the payload.")
  String data;

  @Option(names = "--count", paramLabel = "N", description = "End after N received messages.")
  Integer count;

  @Option(names = {"-v", "--verbose"}, description = "Print each state change to stderr.")
  boolean verbose;

  @Option(names = "--proxy", paramLabel = "ADDRESS",
      description = {"Run the stream through an SS proxy: uds:PATH, uds:@NAME, tcp:HOST:PORT, or stdio:CMD",
          "(starts CMD and speaks lws's muxed wire over its stdin/stdout). The proxy's policy decides;",
          "a local policy, if found, only tells the protocol and checks metadata names."})
  String proxy;

  @Option(names = "--timeout", paramLabel = "SECONDS", description = "Give up after this long (default: ${DEFAULT-VALUE}).")
  long timeoutSecs = 60;

  @Override
  public Integer call() throws Exception {
    Map<String, String> metadata = parseMeta();
    if (count != null && count < 1) {
      throw new ParameterException(spec.commandLine(), "--count must be at least 1, not " + count);
    }
    Path policyFile = policy != null ? policy : ConfDir.locate(conf).resolve("policy.json");
    byte[] payload = readData();
    PrintWriter err = spec.commandLine().getErr();
    if (proxy != null) {
      return callThroughProxy(metadata, policyFile, payload, err);
    }
    Vertx vertx = Vertx.vertx();
    try {
      try {
        vertx.deployVerticle(new PolicyVerticle(new PolicyOptions().setFile(policyFile.toString()).setWatch(false)))
            .await(30, TimeUnit.SECONDS);
      } catch (Exception e) {
        err.println("sluice ss: " + rootMessage(e));
        return Main.EXIT_USAGE;
      }
      StreamType type = PolicyHolder.of(vertx).require().policy().streamType(streamtype).orElse(null);
      if (type == null) {
        err.println("sluice ss: the policy " + policyFile + " has no streamtype \"" + streamtype + "\"");
        return Main.EXIT_USAGE;
      }
      vertx.deployVerticle(new StreamHostsVerticle(new JsonObject())).await(30, TimeUnit.SECONDS);
      return run(SecureStreams.create(vertx), type, metadata, payload, err);
    } finally {
      vertx.close().await(15, TimeUnit.SECONDS);
    }
  }

  /**
   * Through a proxy: its policy decides. A local policy, when one can be read, tells the
   * protocol (when the command is done) and checks metadata names early; without one the stream
   * is taken for HTTP (done at QOS_ACK_REMOTE).
   */
  private int callThroughProxy(Map<String, String> metadata, Path policyFile, byte[] payload, PrintWriter err)
      throws Exception {
    ProxyAddress address;
    try {
      address = ProxyAddress.parse(proxy);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "--proxy: " + e.getMessage());
    }
    Vertx vertx = Transport.EPOLL.available() ? Vertx.builder().withTransport(Transport.EPOLL).build()
        : Vertx.vertx();
    SecureStreams ss = null;
    try {
      StreamType type = null;
      if (Files.isRegularFile(policyFile)) {
        try {
          vertx.deployVerticle(new PolicyVerticle(new PolicyOptions().setFile(policyFile.toString()).setWatch(false)))
              .await(30, TimeUnit.SECONDS);
          type = PolicyHolder.of(vertx).require().policy().streamType(streamtype).orElse(null);
        } catch (Exception e) {
          err.println("sluice ss: the local policy " + policyFile + " is not used: " + rootMessage(e));
        }
      }
      try {
        ss = SecureStreams.connect(vertx, address);
      } catch (IllegalArgumentException e) {
        err.println("sluice ss: " + e.getMessage());
        return Main.EXIT_USAGE;
      }
      return run(ss, type, metadata, payload, err);
    } finally {
      if (ss != null) {
        ss.close().await(10, TimeUnit.SECONDS);
      }
      vertx.close().await(15, TimeUnit.SECONDS);
    }
  }

  private int run(SecureStreams ss, StreamType type, Map<String, String> metadata, byte[] payload, PrintWriter err)
      throws Exception {
    CompletableFuture<Integer> result = new CompletableFuture<>();
    OutputStream out = System.out;
    Protocol protocol = type == null ? Protocol.H1 : type.protocol();
    boolean acked = protocol == Protocol.MQTT ? type.mqttQos() > 0 : protocol.isHttp();
    Outcome outcome = new Outcome(payload, count, acked, result, out, verbose ? err : null);
    SecureStream s;
    try {
      s = ss.create(streamtype, metadata, outcome).await(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      err.println("sluice ss: " + rootMessage(e));
      return Main.EXIT_USAGE;
    }
    outcome.stream = s;
    if (payload != null) {
      s.requestTx(payload.length);
    } else if (protocol.isHttp()) {
      s.requestTx();
    } else {
      s.connect();
    }
    int code;
    try {
      code = result.get(timeoutSecs, TimeUnit.SECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      err.println("sluice ss: no result within " + timeoutSecs + " s");
      code = EXIT_TIMEOUT;
    }
    out.flush();
    s.destroy().await(10, TimeUnit.SECONDS);
    err.flush();
    return code;
  }

  /** The stream's handler: sends the payload, copies rx to stdout, decides when the command is done. */
  private static final class Outcome implements StreamHandler {
    private final byte[] payload;
    private final Integer count;
    private final boolean acked;
    private final CompletableFuture<Integer> result;
    private final OutputStream out;
    private final PrintWriter states;
    /** Set right after creation. */
    SecureStream stream;
    /** How much of the payload was handed over in this transaction. */
    private int sent;
    private int messages;

    Outcome(byte[] payload, Integer count, boolean acked, CompletableFuture<Integer> result, OutputStream out,
        PrintWriter states) {
      this.payload = payload;
      this.count = count;
      this.acked = acked;
      this.result = result;
      this.out = out;
      this.states = states;
    }

    @Override
    public CallbackResult rx(Buffer b, int flags) {
      if (StreamFlags.has(flags, StreamFlags.PERF_JSON) || result.isDone()) {
        // Done (--count reached, or an end state): what still arrives before the destroy is not output.
        return CallbackResult.OK;
      }
      try {
        out.write(b.getBytes());
      } catch (IOException e) {
        result.complete(1);
      }
      if (StreamFlags.has(flags, StreamFlags.EOM) && count != null && ++messages >= count) {
        result.complete(0);
      }
      return CallbackResult.OK;
    }

    @Override
    public TxResult tx(TxRequest request) {
      if (payload == null || sent >= payload.length && sent > 0) {
        return TxResult.dontSend();
      }
      int n = Math.min(request.maxLength(), payload.length - sent);
      int flags = (sent == 0 ? StreamFlags.SOM : 0) | (sent + n == payload.length ? StreamFlags.EOM : 0);
      Buffer piece = Buffer.buffer(java.util.Arrays.copyOfRange(payload, sent, sent + n));
      sent += n;
      if (sent == payload.length && !acked && count == null) {
        // Nothing acknowledges it (MQTT QoS 0, ws): done once handed over. The destroy that follows runs
        // on the stream's loop after this write, and closing flushes it.
        result.complete(0);
      }
      return TxResult.send(piece, flags);
    }

    @Override
    public CallbackResult state(StreamState s, long ack) {
      if (states != null) {
        states.println(s + (ack != 0 ? " " + ack : ""));
        states.flush();
      }
      switch (s) {
        case CONNECTING -> sent = 0;
        case QOS_ACK_REMOTE -> {
          if (count == null) {
            result.complete(0);
          }
        }
        case QOS_NACK_REMOTE -> result.complete(EXIT_NACK);
        case ALL_RETRIES_FAILED -> result.complete(EXIT_ALL_RETRIES_FAILED);
        case TIMEOUT -> result.complete(EXIT_TIMEOUT);
        case AUTH_FAILED, QOS_NACK_LOCAL -> result.complete(1);
        default -> { }
      }
      return CallbackResult.OK;
    }
  }

  private Map<String, String> parseMeta() {
    Map<String, String> m = new LinkedHashMap<>();
    for (String kv : meta) {
      int eq = kv.indexOf('=');
      if (eq <= 0) {
        throw new ParameterException(spec.commandLine(), "--meta wants NAME=VALUE, not \"" + kv + "\"");
      }
      m.put(kv.substring(0, eq), kv.substring(eq + 1));
    }
    return m;
  }

  private byte[] readData() {
    if (data == null) {
      return null;
    }
    try {
      if (data.equals("-")) {
        try (InputStream in = System.in) {
          return in.readAllBytes();
        }
      }
      return Files.readAllBytes(Path.of(data));
    } catch (IOException e) {
      throw new ParameterException(spec.commandLine(), "cannot read --data " + data + ": " + e.getMessage());
    }
  }

  private static String rootMessage(Throwable t) {
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
  }
}
