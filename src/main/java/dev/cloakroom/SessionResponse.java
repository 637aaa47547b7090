package dev.cloakroom;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.ServletResponseWrapper;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;

/**
 * The response wrapper: the session is saved, and its cookie set, before the first byte of the body
 * is written, whatever its size. A container may commit the response on any write (Jetty does on a
 * single write larger than its aggregation size, well below {@code getBufferSize()}), so guessing when
 * it will is not safe: every write, {@code Content-Length} (from any setter), flush, close, redirect
 * and error first commits the session when {@link Commit#due} says there is something to commit.
 * That check is a few field reads: a request that never touches its session pays nothing more, and a
 * read-only one still writes nothing to the store inside the touch interval. The end of the request
 * commits again, writing only what changed since.
 *
 * <p>Compiled against Servlet 6.1 and run on 6.0 containers too: the 6.1 redirects all pass through
 * {@link #sendRedirect(String, int, boolean)}, which calls the container's own only where the container
 * has it.
 *
 * <p>URLs are never rewritten: session ids do not go into URLs.
 *
 * <p>Not thread-safe, like the response.
 */
final class SessionResponse extends HttpServletResponseWrapper {

  private static final String CONTENT_LENGTH = "Content-Length";

  /** Whether a response class implements Servlet 6.1's {@code sendRedirect(String, int, boolean)}. */
  private static final ClassValue<Boolean> REDIRECTS_61 = new ClassValue<>() {
    @Override
    protected Boolean computeValue(Class<?> type) {
      try {
        Method m = type.getMethod("sendRedirect", String.class, int.class, boolean.class);
        return !Modifier.isAbstract(m.getModifiers());
      } catch (NoSuchMethodException | LinkageError e) {
        return false;
      }
    }
  };

  private final Exchange exchange;
  private ServletOutputStream stream;
  private PrintWriter writer;

  SessionResponse(HttpServletResponse response, Exchange exchange) {
    super(response);
    this.exchange = exchange;
  }

  /** Writes the session and its cookie now, if anything changed. */
  void commitSession() {
    Commit.run(exchange, exchange.outerResponse());
  }

  /** Before anything that may put bytes or headers on the wire: commit the session if anything is due. */
  void beforeBody() {
    if (Commit.due(exchange)) {
      commitSession();
    }
  }

  @Override
  public void sendRedirect(String location) throws IOException {
    beforeBody();
    super.sendRedirect(location);
  }

  @Override
  public void sendRedirect(String location, boolean clearBuffer) throws IOException {
    sendRedirect(location, SC_FOUND, clearBuffer);
  }

  @Override
  public void sendRedirect(String location, int sc) throws IOException {
    sendRedirect(location, sc, true);
  }

  /**
   * Servlet 6.1's redirect. On a 6.0 container, which lacks it, a plain 302 that clears the buffer
   * becomes {@code sendRedirect(location)}, and any other is done by hand: status, {@code Location},
   * flush.
   */
  @Override
  public void sendRedirect(String location, int sc, boolean clearBuffer) throws IOException {
    beforeBody();
    if (REDIRECTS_61.get(innermost().getClass())) {
      super.sendRedirect(location, sc, clearBuffer);
    } else if (sc == SC_FOUND && clearBuffer) {
      super.sendRedirect(location);
    } else {
      if (isCommitted()) {
        throw new IllegalStateException("sendRedirect: the response has been committed");
      }
      if (clearBuffer) {
        resetBuffer();
      }
      setStatus(sc);
      setHeader("Location", location);
      flushBuffer();
    }
  }

  private ServletResponse innermost() {
    ServletResponse r = getResponse();
    while (r instanceof ServletResponseWrapper w) {
      r = w.getResponse();
    }
    return r;
  }

  @Override
  public void sendError(int sc, String msg) throws IOException {
    beforeBody();
    super.sendError(sc, msg);
  }

  @Override
  public void sendError(int sc) throws IOException {
    beforeBody();
    super.sendError(sc);
  }

  @Override
  public void flushBuffer() throws IOException {
    beforeBody();
    super.flushBuffer();
  }

  @Override
  public void reset() {
    super.reset();
    exchange.pendingCookie().reset(exchange.current() != null);
  }

  @Override
  public void setContentLength(int len) {
    beforeBody();
    super.setContentLength(len);
  }

  @Override
  public void setContentLengthLong(long len) {
    beforeBody();
    super.setContentLengthLong(len);
  }

  @Override
  public void setHeader(String name, String value) {
    beforeHeader(name);
    super.setHeader(name, value);
  }

  @Override
  public void addHeader(String name, String value) {
    beforeHeader(name);
    super.addHeader(name, value);
  }

  @Override
  public void setIntHeader(String name, int value) {
    beforeHeader(name);
    super.setIntHeader(name, value);
  }

  @Override
  public void addIntHeader(String name, int value) {
    beforeHeader(name);
    super.addIntHeader(name, value);
  }

  /** A {@code Content-Length} may complete the response once enough is written: commit first. */
  private void beforeHeader(String name) {
    if (CONTENT_LENGTH.equalsIgnoreCase(name)) {
      beforeBody();
    }
  }

  @Override
  public String encodeURL(String url) {
    return url;
  }

  @Override
  public String encodeRedirectURL(String url) {
    return url;
  }

  @Override
  public ServletOutputStream getOutputStream() throws IOException {
    if (stream == null) {
      stream = new Stream(super.getOutputStream());
    }
    return stream;
  }

  @Override
  public PrintWriter getWriter() throws IOException {
    if (writer == null) {
      writer = new PrintWriter(new GuardedWriter(super.getWriter()), false);
    }
    return writer;
  }

  /** The container's writer, with the session committed before anything reaches it. */
  private final class GuardedWriter extends Writer {
    private final PrintWriter inner;

    GuardedWriter(PrintWriter inner) {
      this.inner = inner;
    }

    @Override
    public void write(char[] buf, int off, int len) {
      beforeBody();
      inner.write(buf, off, len);
    }

    @Override
    public void write(String str, int off, int len) {
      beforeBody();
      inner.write(str, off, len);
    }

    @Override
    public void write(int c) {
      beforeBody();
      inner.write(c);
    }

    @Override
    public void flush() {
      beforeBody();
      inner.flush();
    }

    @Override
    public void close() {
      beforeBody();
      inner.close();
    }
  }

  /** The container's stream, with the session committed before anything reaches it. */
  private final class Stream extends ServletOutputStream {
    private final ServletOutputStream inner;

    Stream(ServletOutputStream inner) {
      this.inner = inner;
    }

    @Override
    public void write(int b) throws IOException {
      beforeBody();
      inner.write(b);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      beforeBody();
      inner.write(b, off, len);
    }

    @Override
    public void flush() throws IOException {
      beforeBody();
      inner.flush();
    }

    @Override
    public void close() throws IOException {
      beforeBody();
      inner.close();
    }

    @Override
    public boolean isReady() {
      return inner.isReady();
    }

    @Override
    public void setWriteListener(WriteListener listener) {
      inner.setWriteListener(listener);
    }
  }
}
