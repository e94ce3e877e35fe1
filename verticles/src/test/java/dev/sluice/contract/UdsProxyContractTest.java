package dev.sluice.contract;

import dev.sluice.proxy.ProxyFixtures;
import dev.sluice.ss.SecureStreams;
import java.nio.file.Path;

/** The contract through an SS proxy on a Unix socket path (the proxy in another Vert.x). */
class UdsProxyContractTest extends StreamContractTest {

  private ProxyFixtures.Running proxy;

  @Override
  SecureStreams streams(Path dir, String policy) throws Exception {
    proxy = ProxyFixtures.start(dir, policy);
    return proxy.client(proxy.udsAddress());
  }

  @Override
  void closeCarrier() throws Exception {
    if (proxy != null) {
      proxy.close();
    }
  }
}
