package dev.cloakroom.codec;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** The test's class loader, recording the name of every class a decoder asks it for. */
final class RecordingLoader extends ClassLoader {
  final List<String> requested = new CopyOnWriteArrayList<>();

  RecordingLoader() {
    super(RecordingLoader.class.getClassLoader());
  }

  @Override
  protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
    requested.add(name);
    return super.loadClass(name, resolve);
  }
}
