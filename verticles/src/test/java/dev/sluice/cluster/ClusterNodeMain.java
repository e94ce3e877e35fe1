package dev.sluice.cluster;

import dev.sluice.runtime.NodeMain;
import dev.sluice.runtime.SluiceVertx;
import dev.sluice.ss.CallbackResult;
import dev.sluice.ss.SecureStream;
import dev.sluice.ss.SecureStreams;
import dev.sluice.ss.StreamHandler;
import dev.sluice.ss.StreamState;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A cluster node in a child JVM for the cluster tests: {@link NodeMain} (joins the cluster of a
 * runtime.json, deploys its components, prints READY), then runs until killed or until its
 * standard input ends (the parent is gone). With {@code "testStream": "NAME"} in runtime.json it
 * then creates and connects one stream of that streamtype and prints {@code STATE X} for each state.
 *
 * <pre>java -cp CLASSPATH dev.sluice.cluster.ClusterNodeMain CONF_DIR</pre>
 */
public final class ClusterNodeMain {
  private ClusterNodeMain() {}

  public static void main(String[] args) throws Exception {
    Path conf = Path.of(args[0]);
    SluiceVertx.Node node = NodeMain.start(conf);
    String streamtype = new JsonObject(Files.readString(conf.resolve("runtime.json"))).getString("testStream");
    if (streamtype != null) {
      // a client node: one stream, hosted wherever the cluster hosts its protocol, its states printed
      SecureStreams.create(node.vertx()).create(streamtype, new StreamHandler() {
        @Override
        public CallbackResult state(StreamState state, long ack) {
          System.out.println("STATE " + state);
          System.out.flush();
          return CallbackResult.OK;
        }
      }).onSuccess(SecureStream::connect)
          .onFailure(e -> System.out.println("CREATE FAILED " + e.getMessage()));
    }
    // The parent keeps this JVM's standard input open; when it goes (the test JVM exited or
    // crashed without killing this node), so does this node.
    while (System.in.read() >= 0) {
      // nothing is sent; a byte would just be skipped
    }
    System.exit(0);
  }
}
