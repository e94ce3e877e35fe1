package dev.sluice.runtime;

import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A node in a JVM of its own, for tests and benchmarks that need a second cluster member: joins the
 * cluster of {@code CONF_DIR/runtime.json}, deploys its components, prints {@code READY} (its
 * parent waits for that line) and runs until killed.
 *
 * <pre>java -cp CLASSPATH dev.sluice.runtime.NodeMain CONF_DIR</pre>
 */
public final class NodeMain {
  private NodeMain() {}

  public static void main(String[] args) throws Exception {
    start(Path.of(args[0]));
  }

  /** Joins, deploys and prints READY; returns the node (for callers that go on using it). */
  public static SluiceVertx.Node start(Path conf) throws Exception {
    JsonObject rt = new JsonObject(Files.readString(conf.resolve("runtime.json")));
    SluiceVertx.Node node = SluiceVertx.create(new ClusterOptions(rt.getJsonObject("cluster")))
        .await(60, TimeUnit.SECONDS);
    SluiceRuntime.start(node.vertx(), rt, conf).await(60, TimeUnit.SECONDS);
    System.out.println("READY members=" + node.members());
    System.out.flush();
    return node;
  }
}
