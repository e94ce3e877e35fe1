package dev.sluice.display.impl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.display.DisplayException;
import dev.sluice.display.DisplayLimits;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Reliability-plan row 25 at the guard: every address form and scheme, refused with its rule. */
class UrlGuardTest {

  private final UrlGuard open = new UrlGuard(DisplayLimits.defaults());

  private void refused(UrlGuard g, String url, String rule) {
    assertThatThrownBy(() -> g.check(g.parse(url)))
        .isInstanceOf(DisplayException.class)
        .hasMessageStartingWith(rule + ": ")
        .extracting(e -> ((DisplayException) e).rule()).isEqualTo(rule);
  }

  @Test
  void loopbackInEveryFormIsRefused() {
    for (String u : List.of("http://127.0.0.1/", "http://127.1.2.3:8080/x", "http://[::1]/", "http://[::ffff:127.0.0.1]/",
        "http://0x7f000001/", "http://2130706433/", "http://0177.0.0.1/", "http://127.1/", "https://localhost/")) {
      refused(open, u, "fetch.loopback");
    }
  }

  @Test
  void linkLocalPrivateAndUnspecifiedAreRefused() {
    refused(open, "http://169.254.169.254/latest/meta-data/", "fetch.link-local");
    refused(open, "http://[fe80::1]/", "fetch.link-local");
    refused(open, "http://10.1.2.3/", "fetch.private");
    refused(open, "http://172.16.0.1/", "fetch.private");
    refused(open, "http://192.168.1.1/", "fetch.private");
    refused(open, "http://100.64.0.1/", "fetch.private");
    refused(open, "http://[fd00::1]/", "fetch.private");
    refused(open, "http://[::ffff:10.0.0.1]/", "fetch.private");
    refused(open, "http://0.0.0.0/", "fetch.unspecified");
    refused(open, "http://224.0.0.1/", "fetch.multicast");
  }

  @Test
  void onlyHttpAndHttpsSchemesUnlessLocalFilesAreAllowed() {
    refused(open, "file:///etc/passwd", "fetch.scheme");
    refused(open, "jar:file:///x.jar!/a.png", "fetch.scheme");
    refused(open, "ftp://example.com/a.png", "fetch.scheme");
    refused(open, "gopher://example.com/", "fetch.scheme");
    refused(open, "no scheme", "fetch.url");
    UrlGuard cli = new UrlGuard(DisplayLimits.defaults().withAllowLocalFiles(true));
    assertThat(cli.parse("file:///tmp/page.html").getScheme()).isEqualTo("file");
    refused(cli, "jar:file:///x.jar!/a.png", "fetch.scheme");
  }

  @Test
  void theAllowListAdmitsNamesPatternsAndAddressesExplicitly() {
    UrlGuard g = new UrlGuard(DisplayLimits.defaults().withAllowHosts(List.of("127.0.0.1", "*.example.test",
        "localhost", "10.0.0.0/8")));
    UrlGuard.Checked c = g.check(URI.create("http://127.0.0.1:1234/a"));
    assertThat(c.address().getHostAddress()).isEqualTo("127.0.0.1");
    assertThat(c.port()).isEqualTo(1234);
    assertThat(g.check(URI.create("http://10.9.8.7/")).address().getHostAddress()).isEqualTo("10.9.8.7");
    refused(g, "http://192.168.0.1/", "fetch.host");
    refused(g, "http://example.com/", "fetch.host");
    // a name on the list that resolves to loopback is still loopback unless an address entry covers it
    UrlGuard byName = new UrlGuard(DisplayLimits.defaults().withAllowHosts(List.of("localhost")));
    refused(byName, "http://localhost/", "fetch.loopback");
    // 127.0.0.1 allowed does not allow the rest of 127/8, nor 0x7f000002
    refused(g, "http://0x7f000002/", "fetch.host");
  }

  @Test
  void anUnresolvableNameIsRefusedAsDns() {
    refused(open, "http://no-such-host.invalid/", "fetch.dns");
  }

  @Test
  void legacyIpv4FormsParseAsAResolverWould() {
    assertThat(UrlGuard.literal("2130706433").getHostAddress()).isEqualTo("127.0.0.1");
    assertThat(UrlGuard.literal("0x7f.1").getHostAddress()).isEqualTo("127.0.0.1");
    assertThat(UrlGuard.literal("10.0x10.1").getHostAddress()).isEqualTo("10.16.0.1");
    assertThat(UrlGuard.literal("example.com")).isNull();
    assertThat(UrlGuard.literal("1.2.3.4.5")).isNull();
    assertThat(UrlGuard.literal("256.1.1.1")).isNull();
  }
}
