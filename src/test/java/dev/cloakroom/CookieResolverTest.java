package dev.cloakroom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cloakroom.CookieResolver.Resolution;
import java.security.SecureRandom;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import org.junit.jupiter.api.Test;

class CookieResolverTest {

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String A = SessionIds.generate(RANDOM);
  private static final String B = SessionIds.generate(RANDOM);
  private static final String C = SessionIds.generate(RANDOM);

  private static Resolution resolve(String... headers) {
    return CookieResolver.resolve(Collections.enumeration(List.of(headers)), "SID", 4);
  }

  @Test
  void resolveWhenNoHeadersThenNothingRequested() {
    Resolution r = CookieResolver.resolve(null, "SID", 4);

    assertThat(r.requestedId()).isNull();
    assertThat(r.candidates()).isEmpty();
  }

  @Test
  void resolveWhenHeaderEnumerationEmptyThenNothingRequested() {
    Resolution r = CookieResolver.resolve(Collections.emptyEnumeration(), "SID", 4);

    assertThat(r.requestedId()).isNull();
    assertThat(r.candidates()).isEmpty();
  }

  @Test
  void resolveWhenHeaderEmptyThenNothingRequested() {
    Resolution r = resolve("");

    assertThat(r.requestedId()).isNull();
    assertThat(r.candidates()).isEmpty();
  }

  @Test
  void resolveWhenOnlySessionCookieThenItIsTheCandidate() {
    Resolution r = resolve("SID=" + A);

    assertThat(r.requestedId()).isEqualTo(A);
    assertThat(r.candidates()).containsExactly(A);
  }

  @Test
  void resolveWhenManyCookiesThenSessionCookieFound() {
    Resolution r = resolve("theme=dark; lang=en-GB; _ga=GA1.2.3.4; SID=" + A + "; csrf=abc");

    assertThat(r.candidates()).containsExactly(A);
  }

  @Test
  void resolveWhenQuotedNeighbourThenSessionCookieSurvives() {
    Resolution r = resolve("a=\"; SID=" + A + "; b=\"");

    assertThat(r.candidates()).containsExactly(A);
  }

  @Test
  void resolveWhenFirstDuplicateMalformedThenSecondValidIsCandidate() {
    Resolution r = resolve("SID=forged; SID=" + A);

    assertThat(r.candidates()).containsExactly(A);
  }

  @Test
  void resolveWhenTwoValidDuplicatesThenBothInOrder() {
    Resolution r = resolve("SID=" + B + "; SID=" + A);

    assertThat(r.candidates()).containsExactly(B, A);
  }

  @Test
  void resolveWhenSameValueTwiceThenCandidateOnce() {
    Resolution r = resolve("SID=" + A + "; SID=" + A);

    assertThat(r.candidates()).containsExactly(A);
  }

  @Test
  void resolveWhenNameCaseDiffersThenNotOurs() {
    Resolution r = resolve("sid=" + A);

    assertThat(r.requestedId()).isNull();
    assertThat(r.candidates()).isEmpty();
  }

  @Test
  void resolveWhenHostPrefixedNameThenDistinctFromPlainName() {
    Resolution plain = resolve("__Host-SID=" + A + "; SID=" + B);
    Resolution prefixed = CookieResolver.resolve(
        Collections.enumeration(List.of("__Host-SID=" + A + "; SID=" + B)), "__Host-SID", 4);

    assertThat(plain.candidates()).containsExactly(B);
    assertThat(prefixed.candidates()).containsExactly(A);
  }

  @Test
  void resolveWhenNameIsSuffixOfAnotherThenNotOurs() {
    Resolution r = resolve("XSID=" + A + "; SIDX=" + B);

    assertThat(r.requestedId()).isNull();
  }

  @Test
  void resolveWhenHeaderHugeThenSessionCookiePastBoundIgnored() {
    String filler = "x=" + "a".repeat(CookieResolver.MAX_CHARS);

    Resolution r = resolve(filler + "; SID=" + A);

    assertThat(r.requestedId()).isNull();
    assertThat(r.candidates()).isEmpty();
  }

  @Test
  void resolveWhenSessionValueCutByBoundThenDropped() {
    String filler = "x=" + "a".repeat(CookieResolver.MAX_CHARS - 2 - "; SID=".length() - 43);

    Resolution r = resolve(filler + "; SID=" + A + "trailing");

    assertThat(r.requestedId()).isNull();
    assertThat(r.candidates()).isEmpty();
  }

  @Test
  void resolveWhenSessionCookieEndsExactlyAtBoundThenFound() {
    String filler = "x=" + "a".repeat(CookieResolver.MAX_CHARS - 2 - "; SID=".length() - 43);

    Resolution r = resolve(filler + "; SID=" + A);

    assertThat(r.candidates()).containsExactly(A);
  }

  @Test
  void resolveWhenHundredCookiesThenSessionCookieAfterThemFound() {
    StringBuilder header = new StringBuilder();
    for (int i = 0; i < 100; i++) {
      header.append("c").append(i).append("=v").append(i).append("; ");
    }

    Resolution r = resolve(header + "SID=" + A);

    assertThat(r.candidates()).containsExactly(A);
  }

  @Test
  void resolveWhenMorePairsThanBoundThenLaterOnesIgnored() {
    String header = "c=v; ".repeat(CookieResolver.MAX_PAIRS);

    Resolution r = resolve(header + "SID=" + A);

    assertThat(r.requestedId()).isNull();
  }

  @Test
  void resolveWhenValueNonAsciiThenRequestedButNoCandidate() {
    String value = A.substring(0, 42) + "é";

    Resolution r = resolve("SID=" + value);

    assertThat(r.requestedId()).isEqualTo(value);
    assertThat(r.candidates()).isEmpty();
  }

  @Test
  void resolveWhenSessionValueQuotedThenNotUnquoted() {
    Resolution r = resolve("SID=\"" + A + "\"");

    assertThat(r.requestedId()).isEqualTo("\"" + A + "\"");
    assertThat(r.candidates()).isEmpty();
  }

  @Test
  void resolveWhenValueEmptyThenRequestedEmptyAndNoCandidate() {
    Resolution r = resolve("SID=; a=b");

    assertThat(r.requestedId()).isEmpty();
    assertThat(r.candidates()).isEmpty();
  }

  @Test
  void resolveWhenSpacesAndTabsAroundPairsThenTrimmed() {
    Resolution r = resolve(" \ta=b\t;\t SID=" + A + " \t; c=d");

    assertThat(r.candidates()).containsExactly(A);
  }

  @Test
  void resolveWhenPairHasNoEqualsThenSkipped() {
    Resolution r = resolve("SID; SID=" + A);

    assertThat(r.requestedId()).isEqualTo(A);
  }

  @Test
  void resolveWhenValueHoldsEqualsThenSplitAtFirst() {
    Resolution r = resolve("SID=" + A + "=x");

    assertThat(r.requestedId()).isEqualTo(A + "=x");
    assertThat(r.candidates()).isEmpty();
  }

  @Test
  void resolveWhenSeveralCookieHeadersThenAllScannedInOrder() {
    Resolution r = resolve("a=b", "SID=" + B, "c=d; SID=" + A);

    assertThat(r.candidates()).containsExactly(B, A);
  }

  @Test
  void resolveWhenMoreValidIdsThanMaxCandidatesThenFirstOnesKept() {
    Enumeration<String> headers = Collections.enumeration(List.of("SID=" + A + "; SID=" + B + "; SID=" + C));

    Resolution r = CookieResolver.resolve(headers, "SID", 2);

    assertThat(r.candidates()).containsExactly(A, B);
  }

  @Test
  void resolveWhenMaxCandidatesZeroThenRequestedIdStillReported() {
    Enumeration<String> headers = Collections.enumeration(List.of("SID=" + A));

    Resolution r = CookieResolver.resolve(headers, "SID", 0);

    assertThat(r.requestedId()).isEqualTo(A);
    assertThat(r.candidates()).isEmpty();
  }

  @Test
  void resolveWhenFirstValueMalformedThenRequestedIdIsIt() {
    Resolution r = resolve("SID=forged; SID=" + A);

    assertThat(r.requestedId()).isEqualTo("forged");
  }

  @Test
  void resolveWhenManyEmptyHeadersThenScanStops() {
    Enumeration<String> endless = new Enumeration<>() {
      int served;

      @Override
      public boolean hasMoreElements() {
        return true;
      }

      @Override
      public String nextElement() {
        served++;
        return "";
      }
    };

    Resolution r = CookieResolver.resolve(endless, "SID", 4);

    assertThat(r.requestedId()).isNull();
  }

  @Test
  void resolveWhenMaxCandidatesNegativeThenRejected() {
    assertThatThrownBy(() -> CookieResolver.resolve(null, "SID", -1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxCandidates is -1; it must be at least 0");
  }

  @Test
  void resolutionToStringWhenIdsThenShowsNoRawId() {
    Resolution r = resolve("SID=" + A);

    assertThat(r.toString()).doesNotContain(A);
  }
}
