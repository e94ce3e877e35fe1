package dev.sluice.web.impl;

import dev.sluice.policy.StreamType;
import dev.sluice.runtime.ActivePolicy;
import dev.sluice.runtime.PolicyHolder;
import dev.sluice.runtime.RuntimeInfo;
import dev.sluice.web.WebServerOptions;
import dev.sluice.web.WebServerOptions.ListenerOptions;
import dev.sluice.web.WebServerOptions.MountOptions;
import dev.sluice.web.WebServerOptions.VhostOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.http.HttpServerRequest;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The landing page: {@code index.html} from the jar filled in at request time with the runtime's
 * components, the policy's streamtypes and the web server's vhosts; {@code status.json} with the same
 * facts; {@code landing.css}. The resources are read once, off the event loop, when the mount opens.
 */
final class LandingMount implements Mount {

  private static final String BASE = "dev/sluice/web/landing/";

  private final Vertx vertx;
  private final MountOptions mount;
  private final WebServerOptions web;
  /** The page template and the stylesheet; set by open(). */
  private volatile String template;
  private volatile Buffer css;

  LandingMount(Vertx vertx, MountOptions mount, WebServerOptions web) {
    this.vertx = vertx;
    this.mount = mount;
    this.web = web;
  }

  @Override
  public Future<Void> open() {
    return vertx.executeBlocking(() -> {
      template = new String(resource("index.html"), java.nio.charset.StandardCharsets.UTF_8);
      css = Buffer.buffer(resource("landing.css"));
      return null;
    }, false);
  }

  private static byte[] resource(String name) throws IOException {
    try (InputStream in = LandingMount.class.getClassLoader().getResourceAsStream(BASE + name)) {
      if (in == null) {
        throw new IOException("resource " + BASE + name + " is missing from the class path");
      }
      return in.readAllBytes();
    }
  }

  @Override
  public long maxBodyBytes() {
    return 0;
  }

  @Override
  public void handle(HttpServerRequest req, String rest) {
    if (!Responses.readOnly(req)) {
      return;
    }
    switch (rest) {
      case "/", "/index.html" -> send(req, "text/html; charset=utf-8", Buffer.buffer(page()));
      case "/status.json" -> send(req, "application/json", status().toBuffer());
      case "/landing.css" -> send(req, "text/css; charset=utf-8", css);
      default -> Responses.error(req, 404, "not found");
    }
  }

  private void send(HttpServerRequest req, String type, Buffer body) {
    req.response().putHeader("content-type", type).putHeader("cache-control", mount.cacheControl());
    if (req.method() == io.vertx.core.http.HttpMethod.HEAD) {
      req.response().putHeader("content-length", Integer.toString(body.length())).end();
    } else {
      req.response().end(body);
    }
  }

  /** The facts the page shows, as JSON. */
  JsonObject status() {
    JsonArray components = new JsonArray();
    for (RuntimeInfo.Component c : RuntimeInfo.of(vertx).components()) {
      components.add(new JsonObject().put("name", c.name())
          .put("serves", new JsonArray(c.describe().stream().map(s -> s.replaceAll("\\s{2,}", " ")).toList())));
    }
    JsonObject policy = new JsonObject();
    Optional<ActivePolicy> p = PolicyHolder.of(vertx).current();
    p.ifPresent(ap -> {
      policy.put("version", ap.version()).put("source", ap.source()).put("release", ap.policy().release());
      JsonArray types = new JsonArray();
      for (StreamType st : ap.policy().streamTypes().values()) {
        types.add(new JsonObject().put("name", st.name()).put("protocol", st.protocol().policyName())
            .put("server", st.server()).put("endpoint", st.endpoint().map(t -> t.source()).orElse(""))
            .put("port", st.port()));
      }
      policy.put("streamtypes", types);
    });
    JsonArray vhosts = new JsonArray();
    for (VhostOptions v : web.vhosts()) {
      JsonArray mounts = new JsonArray();
      for (MountOptions m : v.mounts()) {
        mounts.add(new JsonObject().put("mountpoint", m.mountpoint()).put("type", m.type().name().toLowerCase(Locale.ROOT)));
      }
      vhosts.add(new JsonObject().put("name", v.name())
          .put("listeners", new JsonArray(v.listeners().stream().map(LandingMount::url).toList()))
          .put("mounts", mounts));
    }
    return new JsonObject().put("product", "sluice").put("components", components).put("policy", policy)
        .put("web", new JsonObject().put("vhosts", vhosts).put("echoStreamtypes", new JsonArray(web.echoStreamtypes())));
  }

  static String url(ListenerOptions l) {
    return (l.tls() ? "https://" : "http://") + l.address() + "/";
  }

  private String page() {
    JsonObject s = status();
    StringBuilder comps = new StringBuilder();
    for (Object o : s.getJsonArray("components")) {
      JsonObject c = (JsonObject) o;
      comps.append("      <tr><td>").append(esc(c.getString("name"))).append("</td><td>")
          .append(esc(String.join("; ", c.getJsonArray("serves").stream().map(String::valueOf).toList())))
          .append("</td></tr>\n");
    }
    JsonObject pol = s.getJsonObject("policy");
    StringBuilder types = new StringBuilder();
    String policyLine = "No policy is loaded.";
    if (pol.containsKey("version")) {
      policyLine = "Version " + pol.getLong("version") + " from " + pol.getString("source")
          + (pol.getString("release").isEmpty() ? "" : ", release " + pol.getString("release"));
      for (Object o : pol.getJsonArray("streamtypes")) {
        JsonObject t = (JsonObject) o;
        types.append("      <tr><td>").append(esc(t.getString("name"))).append("</td><td>")
            .append(esc(t.getString("protocol"))).append("</td><td>")
            .append(t.getBoolean("server") ? "server" : "client").append("</td><td>")
            .append(esc(t.getString("endpoint") + (t.getInteger("port") > 0 ? ":" + t.getInteger("port") : "")))
            .append("</td></tr>\n");
      }
    }
    StringBuilder vh = new StringBuilder();
    for (Object o : s.getJsonObject("web").getJsonArray("vhosts")) {
      JsonObject v = (JsonObject) o;
      vh.append("    <li>").append(esc(v.getString("name"))).append(": ")
          .append(esc(String.join(", ", v.getJsonArray("listeners").stream().map(String::valueOf).toList())))
          .append("; mounts ").append(esc(String.join(", ", v.getJsonArray("mounts").stream()
              .map(m -> ((JsonObject) m).getString("mountpoint") + " (" + ((JsonObject) m).getString("type") + ")")
              .toList())))
          .append("</li>\n");
    }
    return fill(template, Map.of("{{components}}", comps.toString(), "{{policy}}", esc(policyLine),
        "{{streamtypes}}", types.toString(), "{{vhosts}}", vh.toString()));
  }

  private static String fill(String template, Map<String, String> values) {
    String out = template;
    for (Map.Entry<String, String> e : values.entrySet()) {
      out = out.replace(e.getKey(), e.getValue());
    }
    return out;
  }

  static String esc(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (char c : s.toCharArray()) {
      switch (c) {
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '&' -> b.append("&amp;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> b.append(c);
      }
    }
    return b.toString();
  }
}
