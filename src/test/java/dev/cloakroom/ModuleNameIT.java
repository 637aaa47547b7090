package dev.cloakroom;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The jar, as built, is the automatic module {@code dev.cloakroom} on the module path, exporting its API packages. */
class ModuleNameIT {

  private static Path jar() throws IOException {
    try (Stream<Path> files = Files.list(Path.of("target"))) {
      List<Path> jars = files.filter(p -> p.getFileName().toString().matches("cloakroom-[^-]+(-SNAPSHOT)?\\.jar"))
          .toList();
      assertThat(jars).as("the library's jar in target/").hasSize(1);
      return jars.get(0);
    }
  }

  @Test
  void jarWhenOnTheModulePathThenModuleDevCloakroom() throws IOException {
    ModuleDescriptor module = ModuleFinder.of(jar()).findAll().iterator().next().descriptor();

    assertThat(module.name()).isEqualTo("dev.cloakroom");
    assertThat(module.isAutomatic()).isTrue();
    assertThat(module.packages()).contains("dev.cloakroom", "dev.cloakroom.store", "dev.cloakroom.codec",
        "dev.cloakroom.event");
  }
}
