package dev.cloakroom.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.UncheckedIOException;

/** Java serialization as it would stand in a store, for tests that make or check stored bytes. */
public final class ObjectStreams {

  private ObjectStreams() {}

  /** What Java serialization writes for {@code value}, with no filter and no size check. */
  public static byte[] serialized(Object value) {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(buffer)) {
      out.writeObject(value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return buffer.toByteArray();
  }
}
