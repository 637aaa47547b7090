package dev.cloakroom.demo;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * Assembles the demo shop as an exploded WAR, for a servlet container of your own (Tomcat 10.1/11, Jetty
 * 12): {@code src/demo/webapp} as it is, the demo's classes in {@code WEB-INF/classes}, and this build's
 * library jar (see {@link #libraryJar(Path, String)}) and {@code slf4j-api} in {@code WEB-INF/lib}. After {@code mvn -q package -DskipTests}:
 * {@code mvn -q exec:java -Dexec.mainClass=dev.cloakroom.demo.DemoWar}, then copy
 * {@code target/cloakroom-demo} to Tomcat's {@code webapps/} (as {@code ROOT}, or under any name: the
 * pages follow the context path). It runs on the memory store; the Redis and JDBC stores need their
 * client libraries in {@code WEB-INF/lib} as well.
 */
public final class DemoWar {

  private static final String PACKAGE = "dev/cloakroom/demo";
  /**
   * The system property holding the library jar's name without {@code .jar}, the build's
   * {@code project.build.finalName}: the pom sets it for {@code exec:java} and the integration tests.
   */
  static final String FINAL_NAME_PROPERTY = "demo.finalName";

  private DemoWar() {}

  /** Writes the exploded WAR to the first argument, or {@code target/cloakroom-demo}. */
  public static void main(String[] args) throws IOException {
    Path out = Path.of(args.length > 0 ? args[0] : "target/cloakroom-demo").toAbsolutePath();
    assemble(out, UnaryOperator.identity(), true);
    System.out.println("Cloakroom demo webapp in " + out + ": copy it to a servlet container's webapps folder");
  }

  /**
   * Writes the webapp to {@code out}.
   *
   * @param editWebXml    may change the copied web.xml's text (tests point the store elsewhere)
   * @param withLibraries whether to put the library jar and slf4j-api in {@code WEB-INF/lib}; without,
   *                      the container's class path must hold them
   */
  public static Path assemble(Path out, UnaryOperator<String> editWebXml, boolean withLibraries) throws IOException {
    Path source = DemoServer.WEBAPP.toAbsolutePath();
    try (Stream<Path> files = Files.walk(source)) {
      for (Path from : (Iterable<Path>) files::iterator) {
        Path to = out.resolve(source.relativize(from).toString());
        if (Files.isDirectory(from)) {
          Files.createDirectories(to);
        } else {
          Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
    Path webXml = out.resolve("WEB-INF/web.xml");
    Files.writeString(webXml, editWebXml.apply(Files.readString(webXml)));
    copyDemoClasses(out.resolve("WEB-INF/classes").resolve(PACKAGE));
    if (withLibraries) {
      Path lib = Files.createDirectories(out.resolve("WEB-INF/lib"));
      for (Path jar : List.of(libraryJar(), codeSource(org.slf4j.LoggerFactory.class))) {
        Files.copy(jar, lib.resolve(jar.getFileName().toString()), StandardCopyOption.REPLACE_EXISTING);
      }
    }
    return out;
  }

  /**
   * The classes compiled from {@code src/demo/java}, nested ones included, but no test class and not the
   * launchers ({@code Demo*}: they need Jetty and run outside the container).
   */
  private static void copyDemoClasses(Path to) throws IOException {
    Files.createDirectories(to);
    Path classes = codeSource(DemoWar.class).resolve(PACKAGE);
    try (Stream<Path> sources = Files.list(Path.of("src", "demo", "java", PACKAGE));
        Stream<Path> compiled = Files.list(classes)) {
      List<String> names = sources.map(p -> p.getFileName().toString().replaceFirst("\\.java$", ""))
          .filter(n -> !n.startsWith("Demo")).toList();
      for (Path c : (Iterable<Path>) compiled::iterator) {
        String file = c.getFileName().toString();
        if (names.stream().anyMatch(n -> file.equals(n + ".class") || file.startsWith(n + "$"))) {
          Files.copy(c, to.resolve(file), StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
  }

  private static Path libraryJar() throws IOException {
    return libraryJar(Path.of("target"), System.getProperty(FINAL_NAME_PROPERTY));
  }

  /**
   * The library jar in {@code target}: {@code finalName.jar} when the build named it; otherwise the one
   * {@code cloakroom-*.jar} without a classifier, and a failure when there are several (versions left by
   * earlier builds), rather than a guess.
   */
  static Path libraryJar(Path target, String finalName) throws IOException {
    String build = "run mvn -q package -DskipTests first";
    if (finalName != null && !finalName.isBlank()) {
      Path jar = target.resolve(finalName.strip() + ".jar");
      if (!Files.isRegularFile(jar)) {
        throw new IllegalStateException("no " + jar + ": " + build);
      }
      return jar;
    }
    List<Path> jars;
    try (Stream<Path> files = Files.list(target)) {
      jars = files.filter(p -> p.getFileName().toString().matches("cloakroom-[^/]*\\.jar")
              && !p.getFileName().toString().matches(".*-(tests|sources|javadoc)\\.jar"))
          .sorted().toList();
    }
    if (jars.isEmpty()) {
      throw new IllegalStateException("no " + target.resolve("cloakroom-*.jar") + ": " + build);
    }
    if (jars.size() > 1) {
      throw new IllegalStateException("several library jars in " + target + " " + jars.stream()
          .map(p -> p.getFileName().toString()).toList() + ": run mvn -q clean package -DskipTests, or name"
          + " one with -D" + FINAL_NAME_PROPERTY + "=<its name without .jar>");
    }
    return jars.get(0);
  }

  private static Path codeSource(Class<?> type) {
    try {
      return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
