package dev.cloakroom;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The README's parameter table and {@link Param} say the same: a row for every parameter, none for a
 * parameter that does not exist, and each row's default is {@link Param#defaultText()} (a value in
 * backticks, a description in parentheses without them).
 */
class ReadmeParametersTest {

  private static final String HEADER = "| parameter | default | accepts |";

  /** The table's rows: parameter name to its default cell, in the README's order. */
  private static Map<String, String> table() throws IOException {
    List<String> lines = Files.readAllLines(Path.of("README.md"), StandardCharsets.UTF_8);
    int start = lines.indexOf(HEADER);
    assertThat(start).as("the README holds the parameter table").isNotNegative();
    Map<String, String> rows = new LinkedHashMap<>();
    for (String line : lines.subList(start + 2, lines.size())) {
      if (!line.startsWith("|")) {
        break;
      }
      String[] cells = line.split(" \\| ", 3);
      rows.put(cells[0].substring(1).trim().replace("`", ""), cells[1].trim());
    }
    return rows;
  }

  @ParameterizedTest
  @EnumSource(Param.class)
  void readmeWhenReadThenTheParameterTableHasARowForIt(Param p) throws IOException {
    assertThat(table()).containsKey(p.key());
  }

  @ParameterizedTest
  @EnumSource(Param.class)
  void readmeWhenReadThenItsRowShowsTheDefaultOfParam(Param p) throws IOException {
    String text = p.defaultText();
    String expected = text.startsWith("(") ? text.substring(1, text.length() - 1) : "`" + text + "`";

    assertThat(table().get(p.key())).isEqualTo(expected);
  }

  @Test
  void readmeWhenReadThenEveryRowNamesAParameter() throws IOException {
    assertThat(table().keySet()).containsExactlyInAnyOrderElementsOf(Param.keys());
  }

  @Test
  void paramsWhenListedThenEachDefaultIsAValueOrADescriptionInParentheses() {
    assertThat(Arrays.stream(Param.values()).map(Param::defaultText))
        .allMatch(t -> !t.isBlank() && (!t.startsWith("(") || t.endsWith(")")));
  }
}
