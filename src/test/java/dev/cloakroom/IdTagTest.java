package dev.cloakroom;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class IdTagTest {

  private static final SecureRandom RANDOM = new SecureRandom();

  @Test
  void ofWhenIdThenEightBase64UrlChars() {
    assertThat(IdTag.of(SessionIds.generate(RANDOM))).matches("[A-Za-z0-9_-]{8}");
  }

  @Test
  void ofWhenSameIdTwiceThenSameTag() {
    String id = SessionIds.generate(RANDOM);

    assertThat(IdTag.of(id)).isEqualTo(IdTag.of(id));
  }

  @Test
  void ofWhenSameIdOnAnotherThreadThenSameTag() throws Exception {
    String id = SessionIds.generate(RANDOM);
    String[] other = new String[1];
    Thread thread = new Thread(() -> other[0] = IdTag.of(id));
    thread.start();
    thread.join();

    assertThat(other[0]).isEqualTo(IdTag.of(id));
  }

  @Test
  void ofWhenDifferentIdsThenDifferentTags() {
    assertThat(IdTag.of(SessionIds.generate(RANDOM))).isNotEqualTo(IdTag.of(SessionIds.generate(RANDOM)));
  }

  @Test
  void ofWhenIdThenTagHoldsNoPartOfIt() {
    String id = SessionIds.generate(RANDOM);

    String tag = IdTag.of(id);

    assertThat(id).doesNotContain(tag);
    assertThat(tag).isNotEqualTo(id.substring(0, 8));
  }

  @Test
  void ofWhenNullThenNone() {
    assertThat(IdTag.of(null)).isEqualTo("none");
  }
}
