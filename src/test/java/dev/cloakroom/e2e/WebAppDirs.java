package dev.cloakroom.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;

/** Builds throw-away webapp directories under {@code target/e2e}. */
final class WebAppDirs {

  private static final Path ROOT = Path.of("target", "e2e").toAbsolutePath();

  private WebAppDirs() {}

  /** A fresh empty directory. */
  static Path fresh(String prefix) throws IOException {
    Files.createDirectories(ROOT);
    return Files.createTempDirectory(ROOT, prefix);
  }

  /**
   * The demo shop as a container would get it in a WAR: a copy of {@code src/demo/webapp} (web.xml, static
   * files) with the demo's compiled classes, those whose source is in {@code src/demo/java}, in
   * {@code WEB-INF/classes}; {@code edit} may change the copied web.xml's text.
   */
  static Path demo(java.util.function.UnaryOperator<String> edit) throws IOException {
    Path webapp = fresh("demo-");
    Path source = Path.of("src", "demo", "webapp").toAbsolutePath();
    try (Stream<Path> files = Files.walk(source)) {
      for (Path from : (Iterable<Path>) files::iterator) {
        Path to = webapp.resolve(source.relativize(from).toString());
        if (Files.isDirectory(from)) {
          Files.createDirectories(to);
        } else {
          Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
    Path webXml = webapp.resolve("WEB-INF/web.xml");
    Files.writeString(webXml, edit.apply(Files.readString(webXml)));
    String packagePath = "dev/cloakroom/demo";
    Path classes = Path.of("target", "test-classes", packagePath).toAbsolutePath();
    Path to = Files.createDirectories(webapp.resolve("WEB-INF/classes").resolve(packagePath));
    try (Stream<Path> sources = Files.list(Path.of("src", "demo", "java", packagePath))) {
      for (Path src : (Iterable<Path>) sources::iterator) {
        String name = src.getFileName().toString().replaceFirst("\\.java$", "");
        try (Stream<Path> compiled = Files.list(classes)) {
          for (Path c : (Iterable<Path>) compiled::iterator) {
            String file = c.getFileName().toString();
            if (file.equals(name + ".class") || file.startsWith(name + "$")) {
              Files.copy(c, to.resolve(file), StandardCopyOption.REPLACE_EXISTING);
            }
          }
        }
      }
    }
    return webapp;
  }

  /**
   * A webapp with no web.xml whose {@code WEB-INF/classes} holds the compiled classes of
   * {@code anyClass}'s package (not its subpackages) and nothing else.
   */
  static Path annotated(Class<?> anyClass) throws IOException {
    Path classesRoot;
    try {
      classesRoot = Path.of(anyClass.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
    String packagePath = anyClass.getPackageName().replace('.', '/');
    Path from = classesRoot.resolve(packagePath);
    Path webapp = fresh("annotated-");
    Path to = webapp.resolve("WEB-INF/classes").resolve(packagePath);
    Files.createDirectories(to);
    try (Stream<Path> files = Files.list(from)) {
      files.filter(p -> p.toString().endsWith(".class")).forEach(p -> {
        try {
          Files.copy(p, to.resolve(p.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    }
    return webapp;
  }
}
