package dev.sluice.policy;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Writes a policy back as lws-format JSON that {@link PolicyParser} (and lws) read to the same
 * model: definitions before the streamtypes that use them, one object per {@code s[]} entry.
 */
public final class PolicyWriter {
  private PolicyWriter() {}

  private static final JsonFactory JSON = new JsonFactory();

  public static String write(Policy p) {
    StringWriter out = new StringWriter();
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.useDefaultPrettyPrinter();
      g.writeStartObject();
      g.writeStringField("release", p.release());
      g.writeStringField("product", p.product());
      g.writeNumberField("schema-version", p.schemaVersion());
      if (!p.viaSocks5().isEmpty()) {
        g.writeStringField("via-socks5", p.viaSocks5());
      }
      retries(g, p);
      certs(g, p);
      trustStores(g, p);
      metrics(g, p);
      auths(g, p);
      g.writeArrayFieldStart("s");
      for (StreamType st : p.streamTypes().values()) {
        g.writeStartObject();
        g.writeObjectFieldStart(st.name());
        for (Map.Entry<StreamKey, Object> e : st.values().entrySet()) {
          g.writeFieldName(e.getKey().policyName());
          value(g, e.getValue());
        }
        g.writeEndObject();
        g.writeEndObject();
      }
      g.writeEndArray();
      for (Map.Entry<String, Object> e : p.extensions().entrySet()) {
        g.writeFieldName(e.getKey());
        plain(g, e.getValue());
      }
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  private static void retries(JsonGenerator g, Policy p) throws IOException {
    g.writeArrayFieldStart("retry");
    for (RetryPolicy r : p.retries().values()) {
      g.writeStartObject();
      g.writeObjectFieldStart(r.name());
      g.writeArrayFieldStart("backoff");
      for (int ms : r.backoffMs()) {
        g.writeNumber(Integer.toUnsignedLong(ms));
      }
      g.writeEndArray();
      g.writeNumberField("conceal", r.conceal());
      g.writeNumberField("jitterpc", r.jitterPercent());
      g.writeNumberField("svalidping", r.validPingSecs());
      g.writeNumberField("svalidhup", r.validHangupSecs());
      g.writeEndObject();
      g.writeEndObject();
    }
    g.writeEndArray();
  }

  private static void certs(JsonGenerator g, Policy p) throws IOException {
    g.writeArrayFieldStart("certs");
    for (Cert c : p.certs().values()) {
      g.writeStartObject();
      g.writeStringField(c.name(), Base64.getEncoder().encodeToString(c.der()));
      g.writeEndObject();
    }
    g.writeEndArray();
  }

  private static void trustStores(JsonGenerator g, Policy p) throws IOException {
    g.writeArrayFieldStart("trust_stores");
    for (TrustStore t : p.trustStores().values()) {
      g.writeStartObject();
      g.writeStringField("name", t.name());
      g.writeArrayFieldStart("stack");
      for (String c : t.certNames()) {
        g.writeString(c);
      }
      g.writeEndArray();
      if (!t.pemFiles().isEmpty()) {
        g.writeArrayFieldStart("sluice_pem");
        for (String f : t.pemFiles()) {
          g.writeString(f);
        }
        g.writeEndArray();
      }
      g.writeEndObject();
    }
    g.writeEndArray();
  }

  private static void metrics(JsonGenerator g, Policy p) throws IOException {
    if (p.metrics().isEmpty()) {
      return;
    }
    g.writeArrayFieldStart("metrics");
    for (MetricsPolicy m : p.metrics()) {
      g.writeStartObject();
      g.writeStringField("name", m.name());
      g.writeNumberField("us_schedule", m.usSchedule());
      g.writeNumberField("us_halflife", m.usHalflife());
      g.writeNumberField("min_outlier", m.minOutlier());
      g.writeStringField("report", m.report());
      g.writeEndObject();
    }
    g.writeEndArray();
  }

  private static void auths(JsonGenerator g, Policy p) throws IOException {
    if (p.auths().isEmpty()) {
      return;
    }
    g.writeArrayFieldStart("auth");
    for (AuthPolicy a : p.auths().values()) {
      g.writeStartObject();
      g.writeStringField("name", a.name());
      g.writeStringField("type", a.type());
      g.writeStringField("streamtype", a.streamtype());
      g.writeNumberField("blob", a.blob());
      g.writeEndObject();
    }
    g.writeEndArray();
  }

  private static void value(JsonGenerator g, Object v) throws IOException {
    if (v instanceof Template t) {
      g.writeString(t.source());
    } else if (v instanceof Protocol pr) {
      g.writeString(pr.policyName());
    } else if (v instanceof List<?> l && !l.isEmpty() && l.get(0) instanceof MetadataDecl) {
      g.writeStartArray();
      for (Object o : l) {
        MetadataDecl d = (MetadataDecl) o;
        g.writeStartObject();
        g.writeStringField(d.name(), d.binding());
        g.writeEndObject();
      }
      g.writeEndArray();
    } else if (v instanceof List<?> l && !l.isEmpty() && l.get(0) instanceof ResponseMapping) {
      g.writeStartArray();
      for (Object o : l) {
        ResponseMapping r = (ResponseMapping) o;
        g.writeStartObject();
        g.writeNumberField(Integer.toString(r.status()), Integer.toUnsignedLong(r.state()));
        g.writeEndObject();
      }
      g.writeEndArray();
    } else if (v instanceof Map<?, ?> m) {
      g.writeStartArray();
      g.writeStartObject();
      for (Map.Entry<?, ?> e : m.entrySet()) {
        g.writeStringField(e.getKey().toString(), e.getValue().toString());
      }
      g.writeEndObject();
      g.writeEndArray();
    } else {
      plain(g, v);
    }
  }

  private static void plain(JsonGenerator g, Object v) throws IOException {
    if (v == null) {
      g.writeNull();
    } else if (v instanceof String s) {
      g.writeString(s);
    } else if (v instanceof Boolean b) {
      g.writeBoolean(b);
    } else if (v instanceof Long l) {
      g.writeNumber(l);
    } else if (v instanceof Double d) {
      g.writeNumber(d);
    } else if (v instanceof List<?> l) {
      g.writeStartArray();
      for (Object o : l) {
        plain(g, o);
      }
      g.writeEndArray();
    } else if (v instanceof Map<?, ?> m) {
      g.writeStartObject();
      for (Map.Entry<?, ?> e : m.entrySet()) {
        g.writeFieldName(e.getKey().toString());
        plain(g, e.getValue());
      }
      g.writeEndObject();
    } else {
      throw new IllegalArgumentException("cannot write " + v.getClass().getName());
    }
  }
}
