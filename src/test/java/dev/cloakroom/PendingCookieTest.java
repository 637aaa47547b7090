package dev.cloakroom;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The session-cookie decision of one response: what the commit writes, and what a reset of the
 * response puts back. The Set-Cookie text itself is {@link SetCookieTest}'s; the round trips through a
 * container are the e2e tests'.
 */
class PendingCookieTest {

  /** What a commit has to write. */
  enum Due {
    NOTHING, ISSUE, CLEAR
  }

  private final PendingCookie cookie = new PendingCookie();

  /** Calls the steps, such as {@code "issue written reset(alive)"}, in order. */
  private void apply(String steps) {
    for (String step : steps == null ? new String[0] : steps.trim().split("\\s+")) {
      switch (step) {
        case "issue" -> cookie.issue();
        case "clear" -> cookie.clear();
        case "written" -> cookie.written();
        case "reset(alive)" -> cookie.reset(true);
        case "reset(gone)" -> cookie.reset(false);
        case "cancel" -> cookie.cancel();
        case "withhold" -> cookie.withhold();
        case "issueAgain" -> cookie.issueAgain();
        default -> throw new IllegalArgumentException("no such step: " + step);
      }
    }
  }

  private Due due() {
    return !cookie.due() ? Due.NOTHING : cookie.issuing() ? Due.ISSUE : Due.CLEAR;
  }

  @ParameterizedTest(name = "{0} ({1}): {2}")
  @CsvSource(delimiter = '|', textBlock = """
      nothing decided                               |                                                | NOTHING
      issue when a clear is pending wins            | clear issue                                    | ISSUE
      clear when an issue is pending wins           | issue clear                                    | CLEAR
      written when issued leaves nothing            | issue written                                  | NOTHING
      reset when issued and the session alive       | issue written reset(alive)                     | ISSUE
      reset when issued and the session gone        | issue written reset(gone)                      | NOTHING
      reset when cleared clears again               | clear written reset(gone)                      | CLEAR
      reset when nothing was written                | reset(alive)                                   | NOTHING
      reset twice after one write puts back once    | clear written reset(alive) cancel reset(alive) | NOTHING
      withhold when a clear is pending keeps it     | clear withhold                                 | CLEAR
      withhold when an issue is pending drops it    | issue withhold                                 | NOTHING
      issueAgain when a clear is pending goes first | clear issueAgain                               | ISSUE
      cancel when both are pending                  | clear issueAgain cancel                        | NOTHING""")
  void commitWritesWhatTheStepsLeftDue(String behaviour, String steps, Due expected) {
    apply(steps);

    assertThat(due()).isEqualTo(expected);
  }
}
