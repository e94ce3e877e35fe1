package dev.sluice.web;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * A hostile HTTP/1 client on a plain socket: writes exactly the bytes given (from another thread,
 * so a server that stops reading cannot block the test), then reads until the server closes.
 */
final class RawHttp {
  private RawHttp() {}

  /** One parsed response: status, lower-case header block, body. */
  record Response(int status, String head, byte[] body) {
    String header(String name) {
      for (String line : head.split("\r\n")) {
        int colon = line.indexOf(':');
        if (colon > 0 && line.substring(0, colon).trim().toLowerCase(Locale.ROOT).equals(name)) {
          return line.substring(colon + 1).trim();
        }
      }
      return null;
    }
  }

  /** Everything the server sent before closing (empty when it closed without a word). */
  static byte[] exchange(int port, byte[] request) throws Exception {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
      s.setSoTimeout(30_000);
      Thread writer = new Thread(() -> {
        try {
          OutputStream out = s.getOutputStream();
          for (int off = 0; off < request.length; off += 65536) {
            out.write(request, off, Math.min(65536, request.length - off));
          }
          out.flush();
        } catch (IOException closedByServer) {
          // the server may close while we write: that is one of the accepted outcomes
        }
      }, "raw-http-writer");
      writer.start();
      ByteArrayOutputStream got = new ByteArrayOutputStream();
      InputStream in = s.getInputStream();
      byte[] buf = new byte[65536];
      try {
        int n;
        while ((n = in.read(buf)) >= 0) {
          got.write(buf, 0, n);
        }
      } catch (java.net.SocketException reset) {
        // a reset after the server closed with unread input: what was read so far counts
      }
      writer.join(30_000);
      return got.toByteArray();
    }
  }

  static byte[] exchange(int port, String request) throws Exception {
    return exchange(port, request.getBytes(StandardCharsets.ISO_8859_1));
  }

  /** The responses in {@code bytes}, each with a content-length body; a trailing fragment is dropped. */
  static List<Response> parse(byte[] bytes) {
    List<Response> out = new ArrayList<>();
    int pos = 0;
    while (pos < bytes.length) {
      int end = indexOf(bytes, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), pos);
      if (end < 0) {
        break;
      }
      String head = new String(bytes, pos, end - pos, StandardCharsets.ISO_8859_1);
      String[] statusLine = head.split("\r\n", 2)[0].split(" ");
      if (statusLine.length < 2 || !statusLine[0].startsWith("HTTP/1.")) {
        throw new AssertionError("not an HTTP/1 response: " + head);
      }
      Response r = new Response(Integer.parseInt(statusLine[1]), head, new byte[0]);
      String cl = r.header("content-length");
      int len = cl == null ? bytes.length - end - 4 : Integer.parseInt(cl);
      int bodyEnd = Math.min(bytes.length, end + 4 + len);
      out.add(new Response(r.status(), head, Arrays.copyOfRange(bytes, end + 4, bodyEnd)));
      pos = bodyEnd;
    }
    return out;
  }

  private static int indexOf(byte[] hay, byte[] needle, int from) {
    outer:
    for (int i = from; i <= hay.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (hay[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
