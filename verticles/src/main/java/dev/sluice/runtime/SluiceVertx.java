package dev.sluice.runtime;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;

/** Creates the Vert.x instance a Sluice node runs on: standalone, or joined to a Hazelcast cluster. */
public final class SluiceVertx {
  private SluiceVertx() {}

  /** A node: its Vert.x, and its cluster manager when clustered (null otherwise). */
  public record Node(Vertx vertx, HazelcastClusterManager clusterManager) {

    /** How many members the cluster has now (1 when standalone). */
    public int members() {
      return clusterManager == null ? 1 : clusterManager.getNodes().size();
    }
  }

  public static Future<Node> create(ClusterOptions cluster) {
    if (!cluster.isEnabled()) {
      return Future.succeededFuture(new Node(Vertx.vertx(), null));
    }
    VertxOptions vo = new VertxOptions();
    vo.getEventBusOptions().setHost(cluster.getEventBusHost()).setPort(cluster.getEventBusPort());
    HazelcastClusterManager cm = new HazelcastClusterManager(hazelcast(cluster));
    return Vertx.builder().with(vo).withClusterManager(cm).buildClustered().map(v -> new Node(v, cm));
  }

  /** Hazelcast set up for a quick TCP-IP join on the given interface, with no phone-home and no multicast. */
  static Config hazelcast(ClusterOptions c) {
    Config hz = new Config();
    hz.setClusterName(c.getName());
    hz.setProperty("hazelcast.phone.home.enabled", "false");
    hz.setProperty("hazelcast.logging.type", "slf4j");
    hz.setProperty("hazelcast.wait.seconds.before.join", "0");
    hz.setProperty("hazelcast.max.join.seconds", Integer.toString(c.getJoinSeconds()));
    NetworkConfig net = hz.getNetworkConfig();
    net.setPort(c.getPort()).setPortAutoIncrement(true).setPortCount(c.getPortCount());
    net.getInterfaces().setEnabled(true).addInterface(c.getHost());
    JoinConfig join = net.getJoin();
    join.getMulticastConfig().setEnabled(false);
    join.getAutoDetectionConfig().setEnabled(false);
    join.getTcpIpConfig().setConnectionTimeoutSeconds(1).setEnabled(true);
    c.getMembers().forEach(m -> join.getTcpIpConfig().addMember(m));
    return hz;
  }
}
