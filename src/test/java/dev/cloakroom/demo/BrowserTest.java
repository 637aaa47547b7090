package dev.cloakroom.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where the browser tests look for Chromium and chromedriver: nothing here starts a browser. */
class BrowserTest {

  @TempDir
  Path dir;

  private Path executable(String folder, String name) throws IOException {
    Path file = Files.createDirectories(dir.resolve(folder)).resolve(name);
    Files.writeString(file, "#!/bin/sh\n");
    assertThat(file.toFile().setExecutable(true)).isTrue();
    return file;
  }

  private String path(String... folders) {
    StringBuilder sb = new StringBuilder();
    for (String f : folders) {
      sb.append(sb.isEmpty() ? "" : File.pathSeparator).append(dir.resolve(f));
    }
    return sb.toString();
  }

  private static Path locate(Browser.Binary binary, Map<String, String> properties, Map<String, String> env) {
    return binary.locate(properties::get, env::get);
  }

  @Test
  void chromiumWhenThePropertyIsSetThenItWinsOverTheEnvironmentAndThePath() throws IOException {
    executable("bin", "chromium");

    Path found = locate(Browser.CHROMIUM, Map.of("demo.chromium", "/opt/chromium/chrome"),
        Map.of("CLOAKROOM_CHROMIUM", "/elsewhere/chromium", "PATH", path("bin")));

    assertThat(found).isEqualTo(Path.of("/opt/chromium/chrome"));
  }

  @Test
  void chromedriverWhenOnlyTheEnvironmentVariableIsSetThenItWinsOverThePath() throws IOException {
    executable("bin", "chromedriver");

    Path found = locate(Browser.CHROMEDRIVER, Map.of(),
        Map.of("CLOAKROOM_CHROMEDRIVER", "/opt/driver/chromedriver", "PATH", path("bin")));

    assertThat(found).isEqualTo(Path.of("/opt/driver/chromedriver"));
  }

  @Test
  void chromiumWhenNothingIsSetThenTheFirstOfItsNamesFoundOnThePath() throws IOException {
    executable("first", "google-chrome");
    Path browser = executable("second", "chromium-browser");

    Path found = locate(Browser.CHROMIUM, Map.of(), Map.of("PATH", path("first", "second")));

    assertThat(found).as("chromium-browser comes before google-chrome").isEqualTo(browser);
  }

  @Test
  void chromedriverWhenABlankOverrideAndNotOnThePathThenTheDebianPath() {
    Path found = locate(Browser.CHROMEDRIVER, Map.of("demo.chromedriver", " "),
        Map.of("CLOAKROOM_CHROMEDRIVER", "", "PATH", path("empty")));

    assertThat(found).isEqualTo(Path.of("/usr/bin/chromedriver"));
  }

  @Test
  void missingWhenReportedThenTheMessageNamesBothOverridesAndThePathNames() {
    assertThat(Browser.CHROMIUM.howToGet()).isEqualTo("Chromium (set CLOAKROOM_CHROMIUM or -Ddemo.chromium to its"
        + " path, or put it on the PATH as chromium or chromium-browser or google-chrome; Debian:"
        + " `apt-get install chromium`)");
  }
}
