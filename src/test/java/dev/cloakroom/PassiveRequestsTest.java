package dev.cloakroom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code passivePaths}: servlet URL patterns matched against the path within the application. */
class PassiveRequestsTest {

  private static final PassiveRequests RULES = PassiveRequests.of(Settings.builder()
      .passivePaths(List.of("/api/poll", "/status/*", "*.json", "/")).build());

  @ParameterizedTest
  @CsvSource({
      "/api/poll, true", "/api/poll/, false", "/api/polls, false", "/api, false",
      "/status, true", "/status/, true", "/status/a/b, true", "/statusx, false",
      "/data/list.json, true", "/list.json, true", "/a.json/list, false", "/list.jsonp, false",
      "/, true", "/index.html, false"})
  void matchesWhenPathThenServletPatternRules(String path, boolean passive) {
    assertThat(RULES.matches(path)).isEqualTo(passive);
  }

  @ParameterizedTest
  @ValueSource(strings = {"/*"})
  void matchesWhenEverythingPatternThenEveryPath(String pattern) {
    PassiveRequests all = PassiveRequests.of(Settings.builder().passivePaths(List.of(pattern)).build());

    assertThat(all.matches("/")).isTrue();
    assertThat(all.matches("/a/b.json")).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"api/poll", "/api/*/poll", "/api*", "*.", "*.a/b", "**.json", "/a b", "*"})
  void buildWhenPatternNotAServletPatternThenRejectedNamingIt(String pattern) {
    assertThatThrownBy(() -> Settings.fromParams(Map.of("passivePaths", pattern)))
        .isInstanceOf(SettingsException.class)
        .hasMessageStartingWith("passivePaths=" + pattern + " is not accepted");
  }
}
