package dev.sluice.proxy;

import dev.sluice.ss.ProxyAddress;
import dev.sluice.ss.SecureStreams;
import java.nio.file.Path;

/** {@link ProxyFixture} for tests in other packages (the contract suite). */
public final class ProxyFixtures {
  private ProxyFixtures() {}

  /** A running proxy runtime and a client Vert.x beside it. */
  public static final class Running implements AutoCloseable {
    private final ProxyFixture fx;

    Running(ProxyFixture fx) {
      this.fx = fx;
    }

    public ProxyAddress udsAddress() {
      return fx.udsAddress();
    }

    public ProxyAddress tcpAddress() {
      return fx.tcpAddress();
    }

    public SecureStreams client(ProxyAddress address) {
      return fx.client(address);
    }

    @Override
    public void close() throws Exception {
      fx.close();
    }
  }

  public static Running start(Path dir, String policy) throws Exception {
    return new Running(ProxyFixture.start(dir, policy));
  }
}
