package dev.sluice.cli;

import dev.sluice.proxy.SsProxyOptions;
import dev.sluice.proxy.SsProxyVerticle;
import dev.sluice.runtime.PolicyOptions;
import dev.sluice.runtime.PolicyVerticle;
import dev.sluice.host.StreamHostsVerticle;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.core.transport.Transport;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code sluice proxy}: the SS proxy alone, with the policy and the stream hosts its onward
 * streams need. Listens on lws's default abstract socket {@code @proxy.ss.lws} unless told
 * otherwise. The hidden {@code --stdio} serves one muxed link over stdin and stdout instead, for
 * {@code sluice ss --proxy stdio:CMD}.
 */
@Command(name = "proxy", mixinStandardHelpOptions = true,
    description = {"Run the Secure Streams proxy: serialized-SS clients (lws's SSPC, or",
        "'sluice ss --proxy') get onward streams made from this policy.",
        "Default listener: the abstract Unix socket @proxy.ss.lws, as lws."},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:stopped cleanly", "1:could not start (an invalid policy, an address in use...)",
        "2:usage error"})
final class ProxyCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--policy", paramLabel = "FILE", description = "Policy file (default: policy.json in the conf directory).")
  Path policy;

  @Option(names = "--conf", paramLabel = "DIR", description = "Configuration directory (see 'sluice run --help').")
  Path conf;

  @Option(names = "--uds", paramLabel = "PATH|@NAME",
      description = "Unix socket to listen on: a path, or @NAME in the abstract namespace (default @proxy.ss.lws"
          + " when no other listener is given).")
  String uds;

  @Option(names = "--tcp", paramLabel = "PORT", description = "Also listen on TCP (127.0.0.1 unless --tcp-host).")
  Integer tcp;

  @Option(names = "--tcp-host", paramLabel = "HOST", description = "Interface for --tcp and --ws (default: 127.0.0.1).")
  String tcpHost;

  @Option(names = "--ws", paramLabel = "PATH", description = "Also accept WebSocket links on this path (binary messages).")
  String ws;

  @Option(names = "--ws-port", paramLabel = "PORT", description = "HTTP port for --ws (default: ${DEFAULT-VALUE}).")
  int wsPort = 7682;

  @Option(names = "--stdio", hidden = true, description = "Serve one muxed link over stdin/stdout, then exit.")
  boolean stdio;

  @Override
  public Integer call() throws Exception {
    SsProxyOptions options = options();
    Path policyFile = policy != null ? policy : ConfDir.locate(conf).resolve("policy.json");
    PrintWriter err = spec.commandLine().getErr();
    Vertx vertx = Transport.EPOLL.available() ? Vertx.builder().withTransport(Transport.EPOLL).build()
        : Vertx.vertx();
    SsProxyVerticle proxy = new SsProxyVerticle(options);
    try {
      vertx.deployVerticle(new PolicyVerticle(new PolicyOptions().setFile(policyFile.toString())
          .setWatch(!stdio))).await(30, TimeUnit.SECONDS);
      vertx.deployVerticle(new StreamHostsVerticle(hostsSection())).await(30, TimeUnit.SECONDS);
      vertx.deployVerticle(proxy).await(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      err.println("sluice proxy: could not start: " + rootMessage(e));
      err.flush();
      vertx.close().await(10, TimeUnit.SECONDS);
      return 1;
    }
    if (stdio) {
      // stdout carries the wire: nothing else may be printed there
      proxy.servePipe(System.in, System.out).await();
      vertx.close().await(10, TimeUnit.SECONDS);
      return 0;
    }
    PrintWriter out = spec.commandLine().getOut();
    out.println("sluice proxy: policy " + policyFile);
    proxy.describe().forEach(l -> out.println("  " + l));
    out.println("  stop          Ctrl-C or SIGTERM (pid " + ProcessHandle.current().pid() + ")");
    out.flush();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        vertx.close().await(15, TimeUnit.SECONDS);
      } catch (Exception e) {
        err.println("sluice proxy: stopping failed: " + e.getMessage());
      } finally {
        stopped.countDown();
      }
      Runtime.getRuntime().halt(0);
    }, "sluice-proxy-shutdown"));
    stopped.await();
    return 0;
  }

  private SsProxyOptions options() {
    SsProxyOptions o = new SsProxyOptions();
    try {
      boolean other = tcp != null || ws != null || stdio;
      o.setUds(uds != null ? uds : other ? null : SsProxyOptions.DEFAULT_UDS);
      if (tcpHost != null) {
        o.setTcpHost(tcpHost);
      }
      if (tcp != null) {
        o.setTcpPort(tcp);
      }
      if (ws != null) {
        o.setWsPath(ws).setWsPort(wsPort);
      }
      o.setPipeOnly(stdio);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    return o;
  }

  /** The "hosts" section of the conf directory's runtime.json, or none. */
  private JsonObject hostsSection() {
    Path file = ConfDir.locate(conf).resolve("runtime.json");
    try {
      return Files.isRegularFile(file)
          ? new JsonObject(Files.readString(file)).getJsonObject("hosts", new JsonObject())
          : new JsonObject();
    } catch (IOException | RuntimeException e) {
      throw new ParameterException(spec.commandLine(), "cannot read " + file + ": " + e.getMessage());
    }
  }

  static String rootMessage(Throwable t) {
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
  }
}
