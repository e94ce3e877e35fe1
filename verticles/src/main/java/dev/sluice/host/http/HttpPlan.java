package dev.sluice.host.http;

import dev.sluice.policy.MetadataDecl;
import dev.sluice.policy.StreamKey;
import dev.sluice.policy.StreamType;
import dev.sluice.policy.Template;
import dev.sluice.ss.spi.Endpoint;
import io.vertx.core.http.HttpMethod;
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

  /** The streamtype this plan was made from (compared by identity). */
  final StreamType type;
  final HttpMethod method;
  /** POST, PUT and PATCH carry a body even without a length hint. */
  final boolean bodyMethod;
  final boolean followRedirects;
  /** Request headers filled from metadata, in policy order. */
  final List<HeaderBinding> requestHeaders;
  /** Response headers delivered as metadata. */
  final List<HeaderBinding> responseHeaders;
  /** The resolved endpoint when it does not depend on metadata; null otherwise. */
  private final Endpoint constantEndpoint;
  /** Why the constant endpoint cannot be resolved; re-reported by each request, as before. */
  private final IllegalArgumentException constantProblem;

  HttpPlan(StreamType type) {
    this.type = type;
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
