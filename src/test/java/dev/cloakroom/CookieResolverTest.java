package dev.cloakroom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import dev.cloakroom.CookieResolver.Resolution;
import java.security.SecureRandom;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CookieResolverTest {

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String A = SessionIds.generate(RANDOM);
  private static final String B = SessionIds.generate(RANDOM);
  private static final String C = SessionIds.generate(RANDOM);

  private static Resolution resolve(String... headers) {
    return CookieResolver.resolve(Collections.enumeration(List.of(headers)), "SID", 4);
  }

  /** The requested id and the candidates of each request, by its Cookie headers (null: none at all). */
  static Stream<Arguments> cookieHeaders() {
    String filler = "x=" + "a".repeat(CookieResolver.MAX_CHARS - 2 - "; SID=".length() - 43);
    StringBuilder hundred = new StringBuilder();
    for (int i = 0; i < 100; i++) {
      hundred.append("c").append(i).append("=v").append(i).append("; ");
    }
    return Stream.of(
        argumentSet("no headers: nothing requested", null, null, List.of()),
        argumentSet("no header in the enumeration: nothing requested", List.of(), null, List.of()),
        argumentSet("an empty header: nothing requested", List.of(""), null, List.of()),
        argumentSet("only the session cookie: it is the candidate", List.of("SID=" + A), A, List.of(A)),
        argumentSet("many cookies: the session cookie found",
            List.of("theme=dark; lang=en-GB; _ga=GA1.2.3.4; SID=" + A + "; csrf=abc"), A, List.of(A)),
        argumentSet("a quoted neighbour: the session cookie survives", List.of("a=\"; SID=" + A + "; b=\""), A,
            List.of(A)),
        argumentSet("the first duplicate malformed: it is requested, the second valid one the candidate",
            List.of("SID=forged; SID=" + A), "forged", List.of(A)),
        argumentSet("two valid duplicates: both, in order", List.of("SID=" + B + "; SID=" + A), B, List.of(B, A)),
        argumentSet("the same value twice: one candidate", List.of("SID=" + A + "; SID=" + A), A, List.of(A)),
        argumentSet("the name in another case: not ours", List.of("sid=" + A), null, List.of()),
        argumentSet("the name a part of another: not ours", List.of("XSID=" + A + "; SIDX=" + B), null, List.of()),
        argumentSet("a huge header: the session cookie past the bound ignored",
            List.of("x=" + "a".repeat(CookieResolver.MAX_CHARS) + "; SID=" + A), null, List.of()),
        argumentSet("the session value cut by the bound: dropped", List.of(filler + "; SID=" + A + "trailing"), null,
            List.of()),
        argumentSet("the session cookie ending exactly at the bound: found", List.of(filler + "; SID=" + A), A,
            List.of(A)),
        argumentSet("a hundred cookies first: the session cookie after them found", List.of(hundred + "SID=" + A), A,
            List.of(A)),
        argumentSet("more pairs than the bound: the later ones ignored",
            List.of("c=v; ".repeat(CookieResolver.MAX_PAIRS) + "SID=" + A), null, List.of()),
        argumentSet("a non-ASCII value: requested, no candidate", List.of("SID=" + A.substring(0, 42) + "é"),
            A.substring(0, 42) + "é", List.of()),
        argumentSet("a quoted session value: not unquoted", List.of("SID=\"" + A + "\""), "\"" + A + "\"",
            List.of()),
        argumentSet("an empty value: requested empty, no candidate", List.of("SID=; a=b"), "", List.of()),
        argumentSet("spaces and tabs around pairs: trimmed", List.of(" \ta=b\t;\t SID=" + A + " \t; c=d"), A,
            List.of(A)),
        argumentSet("a pair without '=': skipped", List.of("SID; SID=" + A), A, List.of(A)),
        argumentSet("a value holding '=': split at the first", List.of("SID=" + A + "=x"), A + "=x", List.of()),
        argumentSet("several Cookie headers: all scanned in order", List.of("a=b", "SID=" + B, "c=d; SID=" + A), B,
            List.of(B, A)));
  }

  @ParameterizedTest
  @MethodSource("cookieHeaders")
  void resolveThenRequestedIdAndCandidates(List<String> headers, String requestedId, List<String> candidates) {
    Resolution r = CookieResolver.resolve(headers == null ? null : Collections.enumeration(headers), "SID", 4);

    assertThat(r.requestedId()).isEqualTo(requestedId);
    assertThat(r.candidates()).containsExactlyElementsOf(candidates);
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
