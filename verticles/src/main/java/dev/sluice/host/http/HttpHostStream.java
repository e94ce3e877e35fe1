package dev.sluice.host.http;

import dev.sluice.policy.AuthPolicy;
import dev.sluice.policy.Protocol;
import dev.sluice.policy.ResponseMapping;
import dev.sluice.policy.RetryPolicy;
import dev.sluice.policy.RetrySchedule;
import dev.sluice.policy.StreamKey;
import dev.sluice.ss.StreamFlags;
import dev.sluice.ss.auth.AwsCredentials;
import dev.sluice.ss.auth.SigV4;
import dev.sluice.ss.auth.TokenSource;
import dev.sluice.ss.StreamState;
import dev.sluice.ss.spi.Endpoint;
import dev.sluice.ss.spi.HostStreamBase;
import dev.sluice.ss.spi.StreamClient;
import dev.sluice.ss.spi.StreamSpec;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.UnknownHostException;
import java.security.GeneralSecurityException;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One h1 or h2 client stream: each transaction is one request. The state sequence follows lws:
 * CONNECTING; CONNECTED when the request can carry a body, or when the response headers arrive;
 * rx with SOM on the first piece and EOM at the end; QOS_ACK_REMOTE or QOS_NACK_REMOTE from the
 * status; DISCONNECTED. Response headers bound to metadata are delivered before CONNECTED.
 */
final class HttpHostStream extends HostStreamBase {

  private static final Logger log = LoggerFactory.getLogger(HttpHostStream.class);

  private final HttpStreamHost host;
  private final Protocol protocol;
  private final HttpPlan plan;
  /** Numbers connection attempts, so callbacks of an abandoned attempt are ignored. */
  private int attempt;
  /** The request of the current transaction; null between transactions. */
  private HttpClientRequest request;
  /** The response being received; null before the headers and between transactions. */
  private HttpClientResponse response;
  /** The request has a body still to be sent (ended by a piece with EOM). */
  private boolean bodyOpen;
  /** When the current attempt started, the connection came up, and the response headers came (ns). */
  private long startedAt;
  private long connectedAt;
  private long respondedAt;
  /** The bearer token this attempt sent and where it came from, for a 401; null when none. */
  private String usedToken;
  private TokenSource usedTokenSource;
  /** A 401 already made this transaction fetch a new token once. */
  private boolean authRetried;
  /** Validity ping timer for h2, -1 when off. */
  private long pingTimer = -1;

  HttpHostStream(HttpStreamHost host, StreamSpec spec, StreamClient client) {
    this(host, spec, client, host.plan(spec.type(), spec.policy()));
  }

  private HttpHostStream(HttpStreamHost host, StreamSpec spec, StreamClient client, HttpPlan plan) {
    super(spec, client, RetrySchedule.of(plan.retry));
    this.host = host;
    this.protocol = spec.type().protocol() == Protocol.H2 ? Protocol.H2 : Protocol.H1;
    this.plan = plan;
  }

  // ------------------------------------------------------------------ connect

  @Override
  protected void protocolConnect() {
    int my = ++attempt;
    if (plan.perf) { // the clock is read only for the perf report: three reads per request otherwise
      startedAt = System.nanoTime();
    }
    RequestOptions ro;
    try {
      ro = requestOptions();
    } catch (IllegalArgumentException | GeneralSecurityException e) {
      connectFailed(StreamState.UNREACHABLE, 0, e.getMessage(), 0);
      return;
    }
    if (!plan.authenticates) {
      open(my, ro);
      return;
    }
    String useAuth = type.string(StreamKey.USE_AUTH);
    AuthPolicy authEntry = useAuth.isEmpty() ? null : spec.policy().auths().get(useAuth);
    if (authEntry != null && "sigv4".equals(authEntry.type())) {
      String problem = signSigV4(ro, authEntry.name());
      if (problem != null) {
        log.warn("{}: {}", tag, problem);
        connectFailed(StreamState.AUTH_FAILED, 0, problem, 0);
        return;
      }
      open(my, ro);
      return;
    }
    TokenSource source;
    if (authEntry != null) {
      source = host.auth().tokens(authEntry.name());
      if (source == null) {
        String problem = "auth \"" + authEntry.name() + "\" has no credentials in hosts.http.auth";
        log.warn("{}: {}", tag, problem);
        connectFailed(StreamState.AUTH_FAILED, 0, problem, 0);
        return;
      }
    } else if (!type.string(StreamKey.HTTP_AUTH_HEADER).isEmpty()) {
      source = host.tokens();
    } else {
      open(my, ro);
      return;
    }
    source.token().onComplete(ar -> context.runOnContext(v -> {
      if (my != attempt || isDestroyed()) {
        return;
      }
      if (ar.failed()) {
        // The reason never contains the token itself.
        log.warn("{}: no auth token: {}", tag, ar.cause().getMessage());
        connectFailed(StreamState.AUTH_FAILED, 0, "no auth token", 0);
        return;
      }
      String headerSpec = type.string(StreamKey.HTTP_AUTH_HEADER);
      String header = headerSpec.isEmpty() ? "authorization" : headerName(headerSpec);
      String preamble = headerSpec.isEmpty() && !type.has(StreamKey.HTTP_AUTH_PREAMBLE) ? "Bearer "
          : type.string(StreamKey.HTTP_AUTH_PREAMBLE);
      ro.putHeader(header, preamble + ar.result());
      usedToken = ar.result();
      usedTokenSource = source;
      open(my, ro);
    }));
  }

  /**
   * Adds x-amz-date (now, unless the stream's metadata sets it), x-amz-content-sha256 (the
   * metadata's, else the empty-body hash or UNSIGNED-PAYLOAD) and the SigV4 Authorization header.
   * Returns why it cannot sign, or null.
   */
  private String signSigV4(RequestOptions ro, String authName) {
    AwsCredentials credentials = host.auth().sigv4(authName);
    if (credentials == null) {
      return "auth \"" + authName + "\" has no SigV4 credentials in hosts.http.auth";
    }
    String region = metadata.get(type.string(StreamKey.AWS_REGION));
    String service = metadata.get(type.string(StreamKey.AWS_SERVICE));
    if (region == null || region.isEmpty() || service == null || service.isEmpty()) {
      return "SigV4 needs the region and service: set the metadata named by aws_region (\""
          + type.string(StreamKey.AWS_REGION) + "\") and aws_service (\"" + type.string(StreamKey.AWS_SERVICE) + "\")";
    }
    if (ro.getHeaders() == null || !ro.getHeaders().contains("x-amz-date")) {
      ro.putHeader("x-amz-date", java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
          .withZone(java.time.ZoneOffset.UTC).format(java.time.Instant.now()));
    }
    if (!ro.getHeaders().contains("x-amz-content-sha256")) {
      ro.putHeader("x-amz-content-sha256", hasBody() ? SigV4.UNSIGNED_PAYLOAD : SigV4.EMPTY_PAYLOAD_HASH);
    }
    boolean defaultPort = ro.getPort() == (Boolean.TRUE.equals(ro.isSsl()) ? 443 : 80);
    java.util.Map<String, String> headers = new java.util.LinkedHashMap<>();
    headers.put("host", ro.getHost() + (defaultPort ? "" : ":" + ro.getPort()));
    ro.getHeaders().forEach(e -> headers.put(e.getKey().toLowerCase(Locale.ROOT), e.getValue()));
    String uri = ro.getURI();
    int q = uri.indexOf('?');
    SigV4.Signed signed = SigV4.sign(new SigV4.Request(ro.getMethod().name(), q < 0 ? uri : uri.substring(0, q),
        q < 0 ? "" : uri.substring(q + 1), headers, headers.get("x-amz-content-sha256")),
        headers.get("x-amz-date"), region, service, credentials);
    ro.putHeader("authorization", signed.authorization());
    return null;
  }

  private void open(int my, RequestOptions ro) {
    host.client(protocol).request(ro).onComplete(ar -> {
      if (my != attempt || isDestroyed()) {
        if (ar.succeeded()) {
          ar.result().reset();
        }
        return;
      }
      if (ar.failed()) {
        Throwable t = ar.cause();
        connectFailed(StreamState.UNREACHABLE, t instanceof UnknownHostException ? 1 : 0, describe(t), 0);
        return;
      }
      if (plan.perf) {
        connectedAt = System.nanoTime();
      }
      request = ar.result();
      connectionUp();
      begin(my, request);
    });
  }

  private RequestOptions requestOptions() throws GeneralSecurityException {
    if (plan.sharedOptions != null) {
      return plan.sharedOptions;
    }
    Endpoint ep = plan.endpoint(type, metadata);
    RequestOptions ro = plan.options(ep);
    if (ep.tls()) {
      List<String> alpn = protocol == Protocol.H2 ? List.of("h2", "http/1.1") : List.of("http/1.1");
      ro.setSsl(true).setSslOptions(host.tls().options(spec.policy(), type.trustStore(), alpn));
    }
    for (HttpPlan.HeaderBinding h : plan.requestHeaders) {
      String v = metadata.get(h.metadataName());
      if (v != null && !v.isEmpty()) {
        ro.putHeader(h.header(), v);
      }
    }
    return ro;
  }

  /** The connection is ready: send the head, and the body when there is one. */
  private void begin(int my, HttpClientRequest req) {
    req.response().onComplete(ar -> {
      if (my != attempt || isDestroyed()) {
        return;
      }
      if (ar.failed()) {
        failed(ar.cause());
      } else {
        onResponse(my, ar.result());
      }
    });
    req.exceptionHandler(t -> {
      if (my == attempt && !isDestroyed()) {
        failed(t);
      }
    });
    bodyOpen = hasBody();
    if (!bodyOpen) {
      txRequestServed();
      req.end();
      return;
    }
    long hint = lengthHint();
    if (hint >= 0 && !type.flag(StreamKey.HTTP_NO_CONTENT_LENGTH)) {
      req.putHeader("content-length", Long.toString(hint));
    } else {
      // h1 sends chunked transfer coding; on h2 Vert.x takes the flag as "no length known" and
      // sends plain DATA frames (it refuses a write with neither a length nor this flag).
      req.setChunked(true);
    }
    if (reportConnected()) {
      pullTx();
    }
  }

  private boolean hasBody() {
    return plan.bodyMethod || lengthHint() >= 0;
  }

  // ------------------------------------------------------------------ tx

  @Override
  protected void protocolTxWanted() {
    if (request != null && bodyOpen) {
      pullTx();
    }
  }

  @Override
  protected void protocolWrite(Buffer payload, int flags) {
    HttpClientRequest req = request;
    if (req == null || !bodyOpen) {
      log.warn("{}: tx of {} bytes with no request body open; dropped", tag, payload.length());
      return;
    }
    if (StreamFlags.has(flags, StreamFlags.EOM)) {
      bodyOpen = false;
      if (payload.length() > 0) {
        req.end(payload);
      } else {
        req.end();
      }
      return;
    }
    if (payload.length() > 0) {
      req.write(payload);
    }
    if (req.writeQueueFull()) {
      req.drainHandler(v -> txWritten());
    } else {
      // Next piece on a later turn of the loop, so a long body does not grow the stack.
      context.runOnContext(v -> txWritten());
    }
  }

  // ------------------------------------------------------------------ rx

  private void onResponse(int my, HttpClientResponse resp) {
    int status = resp.statusCode();
    if (status < 200) {
      // Vert.x hands over an unexpected interim response (102, 1xx floods) as if it were final;
      // taking it as the answer would ack nothing, so the connection is dropped and the policy retries.
      failed(new java.net.ProtocolException("interim response " + status + " where the final response was due"));
      return;
    }
    if (plan.perf) {
      respondedAt = System.nanoTime();
    }
    response = resp;
    validityConfirmed();
    for (HttpPlan.HeaderBinding h : plan.responseHeaders) {
      String v = resp.getHeader(h.header());
      if (v != null) {
        deliverMetadata(h.metadataName(), v);
      }
    }
    if (!reportConnected()) {
      return;
    }
    for (ResponseMapping m : plan.responseMap) {
      if (m.status() == status && !report(StreamState.USER, m.state())) {
        return;
      }
    }
    startValidityPings(my);
    boolean[] first = {true};
    resp.handler(buf -> {
      if (my == attempt && !isDestroyed()) {
        deliverRx(buf, first[0] ? StreamFlags.SOM : 0);
        first[0] = false;
      }
    });
    resp.exceptionHandler(t -> {
      if (my == attempt && !isDestroyed()) {
        failed(t);
      }
    });
    resp.endHandler(v -> {
      if (my == attempt && !isDestroyed()) {
        deliverRx(Buffer.buffer(), (first[0] ? StreamFlags.SOM : 0) | StreamFlags.EOM);
        if (!isDestroyed()) {
          complete(status, resp.getHeader("retry-after"));
        }
      }
    });
  }

  private void complete(int status, String retryAfter) {
    stopValidityPings();
    transactionDone();
    if (plan.perf) {
      deliverRx(perfJson(status), StreamFlags.SOM | StreamFlags.EOM | StreamFlags.PERF_JSON);
    }
    long expect = plan.expectStatus;
    boolean redirect = status >= 300 && status < 400;
    boolean ok = expect > 0 ? status == expect : status >= 200 && status < 300;
    if (redirect && plan.failRedirect) {
      ok = false;
    }
    request = null;
    response = null;
    if (status == 401 && usedToken != null && !authRetried) {
      // The token was refused: forget it and try once more with a new one.
      authRetried = true;
      usedTokenSource.invalidate(usedToken);
      usedToken = null;
      closedRetryingAfter("the server refused the auth token (401)", 0, StreamState.QOS_NACK_REMOTE, status);
      return;
    }
    authRetried = false;
    usedToken = null;
    long wait = (status == 503 || status == 429) ? retryAfterMs(retryAfter) : -1;
    if (wait >= 0 && !ok) {
      closedRetryingAfter("the server asked to retry after " + wait + " ms (" + status + ")", wait,
          StreamState.QOS_NACK_REMOTE, status);
      return;
    }
    if (!report(ok ? StreamState.QOS_ACK_REMOTE : StreamState.QOS_NACK_REMOTE, status)) {
      return;
    }
    connectionClosed("transaction complete (" + status + ")");
  }

  /** A failure in the middle of a transaction: the connection is dropped and the stream reports it. */
  private void failed(Throwable t) {
    stopValidityPings();
    String why = describe(t);
    HttpClientRequest req = request;
    request = null;
    response = null;
    bodyOpen = false;
    attempt++;
    if (req != null) {
      req.reset(0, t);
    }
    log.info("{}: transaction failed: {}", tag, why);
    connectionClosed(why);
  }

  @Override
  protected void protocolClose() {
    stopValidityPings();
    attempt++;
    HttpClientRequest req = request;
    request = null;
    response = null;
    bodyOpen = false;
    if (req != null) {
      req.reset();
    }
  }

  @Override
  protected void protocolRxFlow(boolean enabled) {
    HttpClientResponse r = response;
    if (r != null) {
      if (enabled) {
        r.resume();
      } else {
        r.pause();
      }
    }
  }

  // ------------------------------------------------------------------ validity (h2 PING)

  private void startValidityPings(int my) {
    RetryPolicy rp = plan.retry;
    if (protocol != Protocol.H2 || rp == null || rp.validPingSecs() == 0 || request == null) {
      return;
    }
    long pingMs = rp.validPingSecs() * 1000L;
    long hupMs = Math.max(pingMs, rp.validHangupSecs() * 1000L);
    pingTimer = vertx.setPeriodic(pingMs, id -> {
      HttpClientRequest req = request;
      if (my != attempt || req == null) {
        stopValidityPings();
        return;
      }
      long sent = System.nanoTime();
      Future<Buffer> pong = req.connection().ping(Buffer.buffer(new byte[8]));
      long guard = vertx.setTimer(Math.max(1, hupMs - pingMs), g -> {
        if (my == attempt && !isDestroyed()) {
          failed(new IllegalStateException("no PING answer within " + (hupMs - pingMs) + " ms (svalidhup)"));
        }
      });
      pong.onComplete(ar -> {
        vertx.cancelTimer(guard);
        if (ar.succeeded()) {
          log.debug("{}: h2 PING answered in {} us", tag, (System.nanoTime() - sent) / 1000);
          validityConfirmed();
        }
      });
    });
  }

  private void stopValidityPings() {
    if (pingTimer >= 0) {
      vertx.cancelTimer(pingTimer);
      pingTimer = -1;
    }
  }

  @Override
  protected void onDestroyed() {
    stopValidityPings();
  }

  // ------------------------------------------------------------------ helpers

  private Buffer perfJson(int status) {
    String peer = "";
    HttpClientRequest req = request;
    if (req != null && req.connection() != null && req.connection().remoteAddress() != null) {
      peer = req.connection().remoteAddress().hostAddress();
    }
    JsonObject j = new JsonObject()
        .put("peer", peer)
        .put("dns_us", 0)
        .put("dns_disp", 0)
        .put("sockconn_us", Math.max(0, (connectedAt - startedAt) / 1000))
        .put("tls_us", 0)
        .put("txn_resp_us", Math.max(0, (respondedAt - connectedAt) / 1000))
        .put("dns", new JsonArray())
        .put("prot_specific", new JsonObject().put("protocol", "http").put("resp", status));
    return j.toBuffer();
  }

  /** Retry-After as ms: delta-seconds or an HTTP date; -1 when absent or unreadable. */
  static long retryAfterMs(String v) {
    if (v == null || v.isBlank()) {
      return -1;
    }
    String s = v.trim();
    try {
      return Math.max(0, Long.parseLong(s) * 1000);
    } catch (NumberFormatException e) {
      try {
        ZonedDateTime when = ZonedDateTime.parse(s, DateTimeFormatter.RFC_1123_DATE_TIME);
        return Math.max(0, when.toInstant().toEpochMilli() - System.currentTimeMillis());
      } catch (RuntimeException e2) {
        return -1;
      }
    }
  }

  private static String headerName(String lwsHeader) {
    String h = lwsHeader.trim();
    return h.endsWith(":") ? h.substring(0, h.length() - 1) : h;
  }

  private static String describe(Throwable t) {
    Throwable root = t;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String m = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    if (t instanceof SSLException || root instanceof SSLException
        || root instanceof java.security.cert.CertificateException) {
      return "TLS failed: " + m;
    }
    return m;
  }
}
