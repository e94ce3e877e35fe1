package dev.sluice.cluster;

import dev.sluice.runtime.NodeMain;

/**
 * A cluster node in a child JVM for the cluster tests ({@link NodeMain}: joins, deploys, prints
 * READY, runs until killed).
 *
 * <pre>java -cp CLASSPATH dev.sluice.cluster.ClusterNodeMain CONF_DIR</pre>
 */
public final class ClusterNodeMain {
  private ClusterNodeMain() {}

  public static void main(String[] args) throws Exception {
    NodeMain.main(args);
  }
}
