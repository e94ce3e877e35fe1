package dev.sluice.cli;

import dev.sluice.policy.PolicyException;
import dev.sluice.policy.PolicyProblem;
import dev.sluice.runtime.ClusterOptions;
import dev.sluice.runtime.SluiceRuntime;
import dev.sluice.runtime.SluiceVertx;
import io.vertx.core.Vertx;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code sluice run}: starts Vert.x with the components of conf/runtime.json, prints a start-up
 * summary, and runs until Ctrl-C or SIGTERM, when it undeploys everything and exits 0.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
    description = {"Run Sluice with the configuration in conf/ (runtime.json, policy.json).",
        "Every value of runtime.json can be overridden with --set SECTION.KEY=VALUE."},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:stopped cleanly", "1:could not start (an invalid policy, a port in use...)", "2:usage error"})
final class RunCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--conf", paramLabel = "DIR",
      description = "Configuration directory (default: $SLUICE_CONF, $SLUICE_HOME/conf, ./conf, or the embedded defaults).")
  Path conf;

  @Option(names = "--policy", paramLabel = "FILE", description = "Policy file (default: policy.json in the conf directory).")
  Path policy;

  @Option(names = "--no-watch", description = "Do not reload the policy when its file changes.")
  boolean noWatch;

  @Option(names = "--cluster", description = "Join a cluster (Hazelcast, TCP-IP join); see the \"cluster\" section of runtime.json.")
  boolean cluster;

  @Option(names = "--cluster-host", paramLabel = "HOST", description = "Interface the cluster and the event bus bind to (default: 127.0.0.1).")
  String clusterHost;

  @Option(names = "--cluster-port", paramLabel = "PORT", description = "First cluster port (default: 5701; the next 19 are tried).")
  Integer clusterPort;

  @Option(names = "--cluster-members", paramLabel = "HOST[:PORT],...", split = ",",
      description = "Where other members are (default: 127.0.0.1).")
  List<String> clusterMembers;

  @Option(names = "--set", paramLabel = "SECTION.KEY=VALUE",
      description = "Override a runtime.json value, e.g. --set policy.watchIntervalMs=500. VALUE is JSON if it parses as JSON, else a string.")
  List<String> overrides = new ArrayList<>();

  @Override
  public Integer call() throws Exception {
    long t0 = System.nanoTime();
    Path confDir = ConfDir.locate(conf);
    JsonObject runtimeConf = loadRuntimeConf(confDir);
    applyFlags(runtimeConf);
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();

    ClusterOptions clusterOptions;
    try {
      clusterOptions = new ClusterOptions(runtimeConf.getJsonObject("cluster", new JsonObject()));
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    SluiceVertx.Node node;
    try {
      node = SluiceVertx.create(clusterOptions).await(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      reportStartFailure(err, e);
      return 1;
    }
    Vertx vertx = node.vertx();
    SluiceRuntime rt;
    try {
      rt = SluiceRuntime.start(vertx, runtimeConf, confDir).await(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      reportStartFailure(err, e);
      vertx.close().await(10, TimeUnit.SECONDS);
      return 1;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      int code = 0;
      try {
        rt.close().compose(v -> vertx.close()).await(15, TimeUnit.SECONDS);
        err.println("sluice: stopped");
      } catch (Exception e) {
        err.println("sluice: stopping failed: " + e.getMessage());
        code = 1;
      } finally {
        stopped.countDown();
        err.flush();
        out.flush();
      }
      // A stop by signal is a clean stop: exit 0 (not 143) once everything is undeployed.
      Runtime.getRuntime().halt(code);
    }, "sluice-shutdown"));

    out.printf("sluice: started in %.2f s%n", (System.nanoTime() - t0) / 1e9);
    out.println("  conf          " + confDir.resolve("runtime.json"));
    if (clusterOptions.isEnabled()) {
      out.println("  cluster       \"" + clusterOptions.getName() + "\" on " + clusterOptions.getHost() + ": "
          + node.members() + " member(s) now, looking for more at " + clusterOptions.getMembers());
    }
    for (String line : rt.summary()) {
      out.println("  " + line);
    }
    out.println("  stop          Ctrl-C or SIGTERM (pid " + ProcessHandle.current().pid() + ")");
    out.flush();
    stopped.await();
    return 0;
  }

  private JsonObject loadRuntimeConf(Path confDir) {
    Path file = confDir.resolve("runtime.json");
    try {
      return new JsonObject(Files.readString(file));
    } catch (IOException e) {
      throw new ParameterException(spec.commandLine(), "cannot read " + file + ": " + e.getMessage());
    } catch (DecodeException e) {
      throw new ParameterException(spec.commandLine(), file + " is not valid JSON: " + e.getMessage());
    }
  }

  private void applyFlags(JsonObject conf) {
    if (policy != null) {
      section(conf, "policy").put("file", policy.toAbsolutePath().normalize().toString());
    }
    if (cluster || clusterHost != null || clusterPort != null || clusterMembers != null) {
      JsonObject c = section(conf, "cluster").put("enabled", true);
      if (clusterHost != null) {
        c.put("host", clusterHost).put("eventBusHost", clusterHost);
      }
      if (clusterPort != null) {
        c.put("port", clusterPort);
      }
      if (clusterMembers != null) {
        c.put("members", new io.vertx.core.json.JsonArray(new ArrayList<>(clusterMembers)));
      }
    }
    if (noWatch) {
      section(conf, "policy").put("watch", false);
    }
    for (String o : overrides) {
      int eq = o.indexOf('=');
      int dot = o.indexOf('.');
      if (eq < 0 || dot < 0 || dot > eq) {
        throw new ParameterException(spec.commandLine(), "--set wants SECTION.KEY=VALUE, not \"" + o + "\"");
      }
      String[] path = o.substring(0, eq).split("\\.");
      JsonObject target = conf;
      for (int i = 0; i < path.length - 1; i++) {
        target = section(target, path[i]);
      }
      target.put(path[path.length - 1], parseValue(o.substring(eq + 1)));
    }
  }

  private static JsonObject section(JsonObject parent, String name) {
    JsonObject s = parent.getJsonObject(name);
    if (s == null) {
      s = new JsonObject();
      parent.put(name, s);
    }
    return s;
  }

  private static Object parseValue(String v) {
    try {
      return Json.decodeValue(v);
    } catch (DecodeException e) {
      return v;
    }
  }

  private static void reportStartFailure(PrintWriter err, Throwable e) {
    Throwable t = e;
    while (!(t instanceof PolicyException) && t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    if (t instanceof PolicyException pe) {
      for (PolicyProblem p : pe.errors()) {
        err.println(p.format(pe.source()));
      }
      err.println("sluice run: the policy " + pe.source() + " is invalid; nothing was started");
    } else {
      err.println("sluice run: could not start: " + (t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage()));
    }
    err.flush();
  }
}
