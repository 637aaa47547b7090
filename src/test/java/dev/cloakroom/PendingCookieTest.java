package dev.cloakroom;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The session-cookie decision of one response: what the commit writes, and what a reset of the
 * response puts back. The Set-Cookie text itself is {@link SetCookieTest}'s; the round trips through a
 * container are the e2e tests'.
 */
class PendingCookieTest {

  private final PendingCookie cookie = new PendingCookie();

  @Test
  void dueWhenNothingDecidedThenFalse() {
    assertThat(cookie.due()).isFalse();
  }

  @Test
  void issueWhenClearPendingThenIssueWins() {
    cookie.clear();
    cookie.issue();

    assertThat(cookie.due()).isTrue();
    assertThat(cookie.issuing()).isTrue();
  }

  @Test
  void clearWhenIssuePendingThenClearWins() {
    cookie.issue();
    cookie.clear();

    assertThat(cookie.due()).isTrue();
    assertThat(cookie.issuing()).isFalse();
  }

  @Test
  void writtenWhenIssuedThenNothingDue() {
    cookie.issue();
    cookie.written();

    assertThat(cookie.due()).isFalse();
  }

  @Test
  void resetWhenIssuedAndSessionAliveThenIssuedAgain() {
    cookie.issue();
    cookie.written();

    cookie.reset(true);

    assertThat(cookie.due()).isTrue();
    assertThat(cookie.issuing()).isTrue();
  }

  @Test
  void resetWhenIssuedAndSessionGoneThenNothingDue() {
    cookie.issue();
    cookie.written();

    cookie.reset(false);

    assertThat(cookie.due()).isFalse();
  }

  @Test
  void resetWhenClearedThenClearedAgain() {
    cookie.clear();
    cookie.written();

    cookie.reset(false);

    assertThat(cookie.due()).isTrue();
    assertThat(cookie.issuing()).isFalse();
  }

  @Test
  void resetWhenNothingWrittenThenNothingDue() {
    cookie.reset(true);

    assertThat(cookie.due()).isFalse();
  }

  @Test
  void resetTwiceWhenWrittenOnceThenPutBackOnce() {
    cookie.clear();
    cookie.written();
    cookie.reset(true);
    cookie.cancel();

    cookie.reset(true);

    assertThat(cookie.due()).isFalse();
  }

  @Test
  void withholdWhenClearPendingThenClearStays() {
    cookie.clear();

    cookie.withhold();

    assertThat(cookie.due()).isTrue();
    assertThat(cookie.issuing()).isFalse();
  }

  @Test
  void withholdWhenIssuePendingThenNothingDue() {
    cookie.issue();

    cookie.withhold();

    assertThat(cookie.due()).isFalse();
  }

  @Test
  void issueAgainWhenClearPendingThenIssueGoesFirst() {
    cookie.clear();

    cookie.issueAgain();

    assertThat(cookie.issuing()).isTrue();
  }

  @Test
  void cancelWhenBothPendingThenNothingDue() {
    cookie.clear();
    cookie.issueAgain();

    cookie.cancel();

    assertThat(cookie.due()).isFalse();
  }
}
