package dev.cloakroom.store.memory;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MapKeyTest {

  private static String storeKey(String id) throws Exception {
    byte[] hash = MessageDigest.getInstance("SHA-256").digest(id.getBytes(StandardCharsets.US_ASCII));
    return Base64.getUrlEncoder().withoutPadding().encodeToString(hash);
  }

  @ParameterizedTest
  @ValueSource(strings = {"a", "b", "session-1", "zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz"})
  void ofWhenFilterStoreKeyThenHashThatGivesTheKeyBack(String id) throws Exception {
    String key = storeKey(id);
    Object mapKey = MapKey.of(key);
    assertThat(mapKey).isInstanceOf(MapKey.Hash.class);
    assertThat(MapKey.text(mapKey)).isEqualTo(key);
    assertThat(MapKey.of(key)).isEqualTo(mapKey).hasSameHashCodeAs(mapKey);
  }

  @ParameterizedTest
  @ValueSource(strings = {"k1", "", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA" /* 45 */,
      "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAB" /* a bit past the 256th set */,
      "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA+",
      "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAé"})
  void ofWhenNotCanonicalBase64UrlOf32BytesThenTheStringItself(String key) {
    assertThat(MapKey.of(key)).isSameAs(key);
    assertThat(MapKey.text(key)).isSameAs(key);
  }

  @ParameterizedTest
  @ValueSource(strings = {"a", "b"})
  void ofWhenTwoKeysDifferThenMapKeysDiffer(String id) throws Exception {
    assertThat(MapKey.of(storeKey(id))).isNotEqualTo(MapKey.of(storeKey(id + "x")));
  }
}
