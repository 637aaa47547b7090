package dev.cloakroom;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The README's parameter table has a row for every {@link Param}. */
class ReadmeParametersTest {

  @ParameterizedTest
  @EnumSource(Param.class)
  void readmeWhenReadThenTheParameterTableHasARowForIt(Param p) throws Exception {
    String readme = Files.readString(Path.of("README.md"), StandardCharsets.UTF_8);

    assertThat(readme).contains("\n| `" + p.key() + "` | ");
  }
}
