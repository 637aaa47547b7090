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

  /** The webapp directory of a web.xml or annotated deployment. */
  static Path of(Deployment deployment) throws IOException {
    return deployment instanceof Deployment.Annotated a
        ? annotated(a.anyClass()) : ((Deployment.WebXml) deployment).dir();
  }

  /** A fresh empty directory. */
  static Path fresh(String prefix) throws IOException {
    Files.createDirectories(ROOT);
    return Files.createTempDirectory(ROOT, prefix);
  }

  /**
   * The demo shop as a container would get it in a WAR ({@link dev.cloakroom.demo.DemoWar}), without the
   * library jars: the test class path holds them. {@code edit} may change the copied web.xml's text.
   */
  static Path demo(java.util.function.UnaryOperator<String> edit) throws IOException {
    return dev.cloakroom.demo.DemoWar.assemble(fresh("demo-"), edit, false);
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
