package dev.sluice.cluster;

import dev.sluice.runtime.ClusterOptions;
import dev.sluice.runtime.SluiceRuntime;
import dev.sluice.runtime.SluiceVertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A cluster node in a child JVM for the cluster tests: joins the cluster of a runtime.json, deploys
 * its components, prints READY (the parent waits for it), and runs until killed or until its
 * standard input ends (the parent is gone).
 *
 * <pre>java -cp CLASSPATH dev.sluice.cluster.ClusterNodeMain CONF_DIR</pre>
 */
public final class ClusterNodeMain {
  private ClusterNodeMain() {}

  public static void main(String[] args) throws Exception {
    Path conf = Path.of(args[0]);
    JsonObject rt = new JsonObject(Files.readString(conf.resolve("runtime.json")));
    SluiceVertx.Node node = SluiceVertx.create(new ClusterOptions(rt.getJsonObject("cluster")))
        .await(60, TimeUnit.SECONDS);
    SluiceRuntime.start(node.vertx(), rt, conf).await(60, TimeUnit.SECONDS);
    System.out.println("READY members=" + node.members());
    System.out.flush();
    // The parent keeps this JVM's standard input open; when it goes (the test JVM exited or
    // crashed without killing this node), so does this node.
    while (System.in.read() >= 0) {
      // nothing is sent; a byte would just be skipped
    }
    System.exit(0);
  }
}
