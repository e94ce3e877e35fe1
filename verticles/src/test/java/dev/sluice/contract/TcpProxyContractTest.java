package dev.sluice.contract;

import dev.sluice.proxy.ProxyFixtures;
import dev.sluice.ss.SecureStreams;
import java.nio.file.Path;

/** The contract through an SS proxy on TCP (the proxy in another Vert.x). */
class TcpProxyContractTest extends StreamContractTest {

  private ProxyFixtures.Running proxy;

  @Override
  SecureStreams streams(Path dir, String policy) throws Exception {
    proxy = ProxyFixtures.start(dir, policy);
    return proxy.client(proxy.tcpAddress());
  }

  @Override
  void closeCarrier() throws Exception {
    if (proxy != null) {
      proxy.close();
    }
  }
}
