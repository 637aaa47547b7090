package dev.cloakroom.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which library jar the exploded WAR gets: this build's, never a guess among several. */
class DemoWarTest {

  @TempDir
  Path target;

  private void jars(String... names) throws IOException {
    for (String name : names) {
      Files.writeString(target.resolve(name), "");
    }
  }

  @Test
  void libraryJarWhenTheBuildNamesItThenThatOneAmongOlderVersions() throws IOException {
    jars("cloakroom-0.1.0.jar", "cloakroom-0.2.0-SNAPSHOT.jar", "cloakroom-0.3.0.jar");

    assertThat(DemoWar.libraryJar(target, "cloakroom-0.2.0-SNAPSHOT"))
        .isEqualTo(target.resolve("cloakroom-0.2.0-SNAPSHOT.jar"));
  }

  @Test
  void libraryJarWhenTheBuildNamesOneThatIsMissingThenFailsSayingHowToBuildIt() throws IOException {
    jars("cloakroom-0.1.0.jar");

    assertThatThrownBy(() -> DemoWar.libraryJar(target, "cloakroom-0.2.0"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("no " + target.resolve("cloakroom-0.2.0.jar") + ": run mvn -q package -DskipTests first");
  }

  @Test
  void libraryJarWhenUnnamedAndOneVersionThenItNotItsClassifiedJars() throws IOException {
    jars("cloakroom-0.2.0-tests.jar", "cloakroom-0.2.0-sources.jar", "cloakroom-0.2.0.jar",
        "cloakroom-0.2.0-javadoc.jar");

    assertThat(DemoWar.libraryJar(target, null)).isEqualTo(target.resolve("cloakroom-0.2.0.jar"));
  }

  @Test
  void libraryJarWhenUnnamedAndSeveralVersionsThenFailsNamingThemInsteadOfGuessing() throws IOException {
    jars("cloakroom-0.1.0.jar", "cloakroom-0.2.0.jar");

    assertThatThrownBy(() -> DemoWar.libraryJar(target, null))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("several library jars in " + target + " [cloakroom-0.1.0.jar, cloakroom-0.2.0.jar]: run mvn -q"
            + " clean package -DskipTests, or name one with -Ddemo.finalName=<its name without .jar>");
  }
}
