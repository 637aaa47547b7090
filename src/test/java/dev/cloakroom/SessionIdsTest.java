package dev.cloakroom;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SessionIdsTest {

  private static final SecureRandom RANDOM = new SecureRandom();
  /** 43 characters, canonical: the last one carries two zero bits. */
  private static final String VALID = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJ-_0123w";

  @Test
  void generateWhenCalledThenFortyThreeCharsWellFormed() {
    String id = SessionIds.generate(RANDOM);

    assertThat(id).hasSize(43);
    assertThat(SessionIds.isWellFormed(id)).isTrue();
  }

  @Test
  void generateWhenCalledThousandTimesThenAllDistinct() {
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < 1000; i++) {
      ids.add(SessionIds.generate(RANDOM));
    }

    assertThat(ids).hasSize(1000);
  }

  @Test
  void isWellFormedWhenCanonicalThenTrue() {
    assertThat(SessionIds.isWellFormed(VALID)).isTrue();
  }

  @Test
  void isWellFormedWhenNullThenFalse() {
    assertThat(SessionIds.isWellFormed(null)).isFalse();
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 42, 44})
  void isWellFormedWhenWrongLengthThenFalse(int length) {
    String candidate = "A".repeat(length);

    assertThat(SessionIds.isWellFormed(candidate)).isFalse();
  }

  @ParameterizedTest
  @ValueSource(chars = {'+', '/', '=', 'é', ' ', '"'})
  void isWellFormedWhenCharOutsideBase64UrlThenFalse(char c) {
    String candidate = c + VALID.substring(1);

    assertThat(SessionIds.isWellFormed(candidate)).isFalse();
  }

  @ParameterizedTest
  @ValueSource(chars = {'B', 'x', '1', '-', '_'})
  void isWellFormedWhenLastCharNonCanonicalThenFalse(char last) {
    String candidate = VALID.substring(0, 42) + last;

    assertThat(SessionIds.isWellFormed(candidate)).isFalse();
  }

  @Test
  void isWellFormedWhenPaddedToFortyFourThenFalse() {
    assertThat(SessionIds.isWellFormed(VALID + "=")).isFalse();
  }

  @Test
  void storeKeyWhenSameIdThenSameKey() {
    String id = SessionIds.generate(RANDOM);

    assertThat(SessionIds.storeKey(id)).isEqualTo(SessionIds.storeKey(id));
  }

  @Test
  void storeKeyWhenIdThenFortyThreeWellFormedCharsUnlikeTheId() {
    String id = SessionIds.generate(RANDOM);

    String key = SessionIds.storeKey(id);

    assertThat(key).hasSize(43).isNotEqualTo(id);
    assertThat(SessionIds.isWellFormed(key)).isTrue();
  }

  @Test
  void storeKeyWhenDifferentIdsThenDifferentKeys() {
    assertThat(SessionIds.storeKey(SessionIds.generate(RANDOM)))
        .isNotEqualTo(SessionIds.storeKey(SessionIds.generate(RANDOM)));
  }
}
