package dev.sluice.host.http;

import dev.sluice.policy.MetadataDecl;
import dev.sluice.policy.Policy;
import dev.sluice.policy.ResponseMapping;
import dev.sluice.policy.RetryPolicy;
import dev.sluice.policy.StreamKey;
import dev.sluice.policy.StreamType;
import dev.sluice.policy.Template;
import dev.sluice.ss.spi.Endpoint;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What an HTTP streamtype asks of every request, worked out once per streamtype instead of once
 * per request: the method, whether it carries a body, redirects, the metadata bound to headers,
 * and the endpoint itself when neither {@code endpoint} nor {@code http_url} uses {@code ${}}.
 * Immutable; a policy reload brings new StreamType objects and so new plans.
 */
final class HttpPlan {

  /** A metadata item sent as a request header (or a direct protocol string) and its header name. */
  record HeaderBinding(String metadataName, String header) {}

  /** The streamtype and policy this plan was made from (compared by identity). */
  final StreamType type;
  final Policy policy;
  /** The streamtype's retry and validity policy, or null when it names none. */
  final RetryPolicy retry;
  final HttpMethod method;
  /** POST, PUT and PATCH carry a body even without a length hint. */
  final boolean bodyMethod;
  final boolean followRedirects;
  /** Request headers filled from metadata, in policy order. */
  final List<HeaderBinding> requestHeaders;
  /** Response headers delivered as metadata. */
  final List<HeaderBinding> responseHeaders;
  /** Whether requests carry auth (use_auth, or a token header): then each looks its token up. */
  final boolean authenticates;
  /** perf: the connection timings are measured and delivered. */
  final boolean perf;
  /** http_expect: the status that counts as success, 0 for any 2xx. */
  final long expectStatus;
  /** http_fail_redirect: a 3xx is a failure. */
  final boolean failRedirect;
  /** http_resp_map entries. */
  final List<ResponseMapping> responseMap;
  /** The resolved endpoint when it does not depend on metadata; null otherwise. */
  private final Endpoint constantEndpoint;
  /** Why the constant endpoint cannot be resolved; re-reported by each request, as before. */
  private final IllegalArgumentException constantProblem;

  HttpPlan(StreamType type, Policy policy) {
    this.type = type;
    this.policy = policy;
    this.retry = policy.retryFor(type).orElse(null);
    String m = type.httpMethod().toUpperCase(Locale.ROOT);
    method = HttpMethod.valueOf(m);
    bodyMethod = m.equals("POST") || m.equals("PUT") || m.equals("PATCH");
    followRedirects = type.flag(StreamKey.ALLOW_REDIRECTS) && !type.has(StreamKey.HTTP_FAIL_REDIRECT);
    List<HeaderBinding> req = new ArrayList<>();
    List<HeaderBinding> resp = new ArrayList<>();
    boolean direct = type.flag(StreamKey.DIRECT_PROTO_STR);
    for (MetadataDecl d : type.metadata()) {
      if (d.isHeader()) {
        req.add(new HeaderBinding(d.name(), d.headerName()));
        resp.add(new HeaderBinding(d.name(), d.headerName()));
      } else if (direct && !d.binding().isEmpty()) {
        req.add(new HeaderBinding(d.name(), d.binding()));
      }
    }
    authenticates = !type.string(StreamKey.USE_AUTH).isEmpty() || !type.string(StreamKey.HTTP_AUTH_HEADER).isEmpty();
    perf = type.flag(StreamKey.PERF);
    expectStatus = type.number(StreamKey.HTTP_EXPECT, 0);
    failRedirect = type.has(StreamKey.HTTP_FAIL_REDIRECT);
    responseMap = type.responseMap();
    requestHeaders = List.copyOf(req);
    responseHeaders = List.copyOf(resp);
    boolean constant = type.endpoint().map(Template::isConstant).orElse(true)
        && type.template(StreamKey.HTTP_URL).map(Template::isConstant).orElse(true);
    Endpoint ep = null;
    IllegalArgumentException problem = null;
    if (constant) {
      try {
        ep = Endpoint.resolve(type, Map.of(), 80, 443);
      } catch (IllegalArgumentException e) {
        problem = e;
      }
    }
    constantEndpoint = ep;
    constantProblem = problem;
    boolean plain = ep != null && !ep.tls() && requestHeaders.isEmpty() && !authenticates;
    sharedOptions = plain ? options(ep) : null;
  }

  /**
   * The request options of a streamtype whose requests are all alike: a constant endpoint in the
   * clear, no header from metadata and no auth. Vert.x only reads request options, so every
   * stream of the streamtype can pass the same object (as an application using the raw client
   * would); the others build theirs per request. Nothing may add to it.
   */
  final RequestOptions sharedOptions;

  /** Request options for {@code ep} with this plan's method and redirect rule, no TLS, no header. */
  RequestOptions options(Endpoint ep) {
    RequestOptions ro = new RequestOptions()
        .setMethod(method)
        .setHost(ep.host()).setPort(ep.port()).setURI(ep.path())
        .setFollowRedirects(followRedirects)
        .setSsl(false);
    if (ep.unixPath() != null) {
      ro.setServer(SocketAddress.domainSocketAddress(ep.unixPath()));
    }
    return ro;
  }

  /** The endpoint for this request: the constant one, or resolved with the stream's metadata. */
  Endpoint endpoint(StreamType type, Map<String, String> metadata) {
    if (constantEndpoint != null) {
      return constantEndpoint;
    }
    if (constantProblem != null) {
      throw new IllegalArgumentException(constantProblem.getMessage(), constantProblem);
    }
    return Endpoint.resolve(type, metadata, 80, 443);
  }
}
