package dev.cloakroom.bench;

import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.PrintWriter;
import java.io.Writer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * A response that is never committed within the benchmark (an 8 KiB buffer, UTF-8), keeping its
 * headers in a list and its body nowhere. It answers the calls the filter makes per request
 * ({@code isCommitted}, {@code addHeader}/{@code setHeader}/{@code getHeaders} for {@code Set-Cookie},
 * {@code getBufferSize} and {@code getCharacterEncoding} for the writer wrapper, {@code getWriter});
 * any other call reaches a delegate that throws {@link UnsupportedOperationException} naming the
 * method.
 */
final class FakeResponse extends HttpServletResponseWrapper {

  private static final HttpServletResponse UNSUPPORTED = FakeContainer.unsupported(HttpServletResponse.class);
  /** The body goes nowhere; one writer for all responses, as a container recycles its own. */
  private static final PrintWriter BODY = new PrintWriter(Writer.nullWriter());

  private final List<String[]> headers = new ArrayList<>(2);

  FakeResponse() {
    super(UNSUPPORTED);
  }

  @Override
  public boolean isCommitted() {
    return false;
  }

  @Override
  public int getBufferSize() {
    return 8192;
  }

  @Override
  public String getCharacterEncoding() {
    return "UTF-8";
  }

  @Override
  public PrintWriter getWriter() {
    return BODY;
  }

  @Override
  public void addHeader(String name, String value) {
    headers.add(new String[] {name, value});
  }

  @Override
  public void setHeader(String name, String value) {
    headers.removeIf(h -> h[0].equalsIgnoreCase(name));
    addHeader(name, value);
  }

  @Override
  public String getHeader(String name) {
    for (String[] h : headers) {
      if (h[0].equalsIgnoreCase(name)) {
        return h[1];
      }
    }
    return null;
  }

  @Override
  public Collection<String> getHeaders(String name) {
    List<String> out = new ArrayList<>();
    for (String[] h : headers) {
      if (h[0].equalsIgnoreCase(name)) {
        out.add(h[1]);
      }
    }
    return out;
  }

  @Override
  public boolean containsHeader(String name) {
    return getHeader(name) != null;
  }
}
