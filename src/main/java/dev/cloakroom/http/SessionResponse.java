package dev.cloakroom.http;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.Charset;

/**
 * The response wrapper: commits the session before the first byte leaves. That is before a flush, a
 * redirect, an error, a write that would fill the buffer or complete the declared content length, and
 * at the end of the request; so the client's next request sees what this one wrote, and the
 * {@code Set-Cookie} header is never too late.
 *
 * <p>URLs are never rewritten: session ids do not go into URLs.
 *
 * <p>Not thread-safe, like the response.
 */
final class SessionResponse extends HttpServletResponseWrapper {

  private final Exchange exchange;
  private long written;
  private long contentLength = -1;
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

  private void beforeWrite(long len) {
    long limit = Math.min(getBufferSize(), contentLength >= 0 ? contentLength : Long.MAX_VALUE);
    if (written + len >= limit && !isCommitted()) {
      commitSession();
    }
    written += len;
  }

  @Override
  public void sendRedirect(String location) throws IOException {
    commitSession();
    super.sendRedirect(location);
  }

  @Override
  public void sendError(int sc, String msg) throws IOException {
    commitSession();
    super.sendError(sc, msg);
  }

  @Override
  public void sendError(int sc) throws IOException {
    commitSession();
    super.sendError(sc);
  }

  @Override
  public void flushBuffer() throws IOException {
    commitSession();
    super.flushBuffer();
  }

  @Override
  public void reset() {
    super.reset();
    exchange.memo().reset(exchange);
    written = 0;
    contentLength = -1;
  }

  @Override
  public void resetBuffer() {
    super.resetBuffer();
    written = 0;
  }

  @Override
  public void setContentLength(int len) {
    super.setContentLength(len);
    contentLength = len;
  }

  @Override
  public void setContentLengthLong(long len) {
    super.setContentLengthLong(len);
    contentLength = len;
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
      PrintWriter inner = super.getWriter();
      writer = new PrintWriter(new CountingWriter(inner, charsetWidth()), false);
    }
    return writer;
  }

  /** Most bytes one char can take in the response encoding: writes are counted pessimistically. */
  private int charsetWidth() {
    try {
      Charset cs = Charset.forName(getCharacterEncoding());
      return (int) Math.ceil(cs.newEncoder().maxBytesPerChar());
    } catch (RuntimeException e) {
      return 4;
    }
  }

  private final class CountingWriter extends Writer {
    private final PrintWriter inner;
    private final int width;

    CountingWriter(PrintWriter inner, int width) {
      this.inner = inner;
      this.width = width;
    }

    @Override
    public void write(char[] buf, int off, int len) {
      beforeWrite((long) len * width);
      inner.write(buf, off, len);
    }

    @Override
    public void write(String str, int off, int len) {
      beforeWrite((long) len * width);
      inner.write(str, off, len);
    }

    @Override
    public void write(int c) {
      beforeWrite(width);
      inner.write(c);
    }

    @Override
    public void flush() {
      commitSession();
      inner.flush();
    }

    @Override
    public void close() {
      commitSession();
      inner.close();
    }
  }

  private final class Stream extends ServletOutputStream {
    private final ServletOutputStream inner;

    Stream(ServletOutputStream inner) {
      this.inner = inner;
    }

    @Override
    public void write(int b) throws IOException {
      beforeWrite(1);
      inner.write(b);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      beforeWrite(len);
      inner.write(b, off, len);
    }

    @Override
    public void flush() throws IOException {
      commitSession();
      inner.flush();
    }

    @Override
    public void close() throws IOException {
      commitSession();
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
