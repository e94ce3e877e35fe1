package dev.sluice.proxy;

import dev.sluice.host.StreamHostsVerticle;
import dev.sluice.runtime.PolicyOptions;
import dev.sluice.runtime.PolicyVerticle;
import dev.sluice.ss.ProxyAddress;
import dev.sluice.ss.SecureStreams;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.core.transport.Transport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A proxy runtime (policy, hosts, SS proxy on a Unix socket path, an abstract Unix socket, TCP
 * and a WebSocket) in its own Vert.x on epoll, and a separate client Vert.x, as two processes
 * would be. Close it after the test.
 */
final class ProxyFixture implements AutoCloseable {

  final Vertx proxyVertx;
  final Vertx clientVertx;
  final SsProxyVerticle proxy;
  final Path socket;
  final String abstractName;

  private ProxyFixture(Vertx proxyVertx, Vertx clientVertx, SsProxyVerticle proxy, Path socket,
      String abstractName) {
    this.proxyVertx = proxyVertx;
    this.clientVertx = clientVertx;
    this.proxy = proxy;
    this.socket = socket;
    this.abstractName = abstractName;
  }

  /** Starts the proxy runtime with {@code policyJson}; the Unix socket goes in {@code dir}. */
  static ProxyFixture start(Path dir, String policyJson) throws Exception {
    return start(dir, policyJson, new SsProxyOptions());
  }

  static ProxyFixture start(Path dir, String policyJson, SsProxyOptions base) throws Exception {
    Vertx pv = Vertx.builder().withTransport(Transport.EPOLL).build();
    Path policy = dir.resolve("proxy-policy.json");
    Files.writeString(policy, policyJson);
    pv.deployVerticle(new PolicyVerticle(new PolicyOptions().setFile(policy.toString())
        .setWatch(false))).await(20, TimeUnit.SECONDS);
    pv.deployVerticle(new StreamHostsVerticle(new JsonObject())).await(20, TimeUnit.SECONDS);
    Path socket = dir.resolve("proxy.sock");
    SsProxyVerticle uds = new SsProxyVerticle(new SsProxyOptions(base).setUds(socket.toString())
        .setTcpPort(0).setWsPort(0));
    pv.deployVerticle(uds).await(20, TimeUnit.SECONDS);
    String name = "@sluice-test-" + UUID.randomUUID();
    pv.deployVerticle(new SsProxyVerticle(new SsProxyOptions(base).setUds(name)))
        .await(20, TimeUnit.SECONDS);
    Vertx cv = Vertx.builder().withTransport(Transport.EPOLL).build();
    return new ProxyFixture(pv, cv, uds, socket, name);
  }

  ProxyAddress udsAddress() {
    return ProxyAddress.uds(socket.toString());
  }

  ProxyAddress tcpAddress() {
    return ProxyAddress.tcp("127.0.0.1", proxy.tcpPort());
  }

  ProxyAddress abstractAddress() {
    return ProxyAddress.uds(abstractName);
  }

  SecureStreams client(ProxyAddress address) {
    return SecureStreams.connect(clientVertx, address);
  }

  @Override
  public void close() throws Exception {
    clientVertx.close().await(20, TimeUnit.SECONDS);
    proxyVertx.close().await(20, TimeUnit.SECONDS);
  }
}
