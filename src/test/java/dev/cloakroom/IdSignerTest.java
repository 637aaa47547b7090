package dev.cloakroom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IdSignerTest {

  static final byte[] KEY1 = bytes(1);
  static final byte[] KEY2 = bytes(2);
  static final String K1 = "k1=" + Base64.getEncoder().encodeToString(KEY1);
  static final String K2 = "k2=" + Base64.getUrlEncoder().withoutPadding().encodeToString(KEY2);

  private final String id = SessionIds.generate(new SecureRandom());

  private static byte[] bytes(int seed) {
    byte[] b = new byte[32];
    Arrays.fill(b, (byte) seed);
    return b;
  }

  /** The tag as the format documents it: HMAC-SHA-256 over {@code <id>.<kid>}, 16 bytes, base64url. */
  static String tag(byte[] key, String id, String kid) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(key, "HmacSHA256"));
    byte[] full = mac.doFinal((id + "." + kid).getBytes(StandardCharsets.US_ASCII));
    return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(full, 16));
  }

  @Test
  void signWhenKeysThenIdDotFirstKidDotTruncatedHmacTag() throws Exception {
    IdSigner signer = IdSigner.parse(K1 + "\n" + K2);

    assertThat(signer.sign(id)).isEqualTo(id + ".k1." + tag(KEY1, id, "k1"));
  }

  @Test
  void verifyWhenSignedByFirstKeyThenIdAndCurrent() {
    IdSigner signer = IdSigner.parse(K1 + "," + K2);

    assertThat(signer.verify(signer.sign(id))).isEqualTo(new IdSigner.Verified(id, true));
  }

  @Test
  void verifyWhenSignedByALaterKeyThenIdButNotCurrent() {
    String old = IdSigner.parse(K1).sign(id);

    assertThat(IdSigner.parse(K2 + "," + K1).verify(old)).isEqualTo(new IdSigner.Verified(id, false));
  }

  @Test
  void verifyWhenTagWrongThenNull() {
    IdSigner signer = IdSigner.parse(K1);
    String signed = signer.sign(id);
    char last = signed.charAt(signed.length() - 1);
    String forged = signed.substring(0, signed.length() - 1) + (last == 'A' ? 'B' : 'A');

    assertThat(signer.verify(forged)).isNull();
  }

  @Test
  void verifyWhenSignedUnderSameKidButAnotherKeyThenNull() {
    String other = IdSigner.parse("k1=" + Base64.getEncoder().encodeToString(KEY2)).sign(id);

    assertThat(IdSigner.parse(K1).verify(other)).isNull();
  }

  @Test
  void verifyWhenKidUnknownThenNull() {
    assertThat(IdSigner.parse(K1).verify(IdSigner.parse(K2).sign(id))).isNull();
  }

  @Test
  void verifyWhenIdOfTheValueChangedThenNull() {
    IdSigner signer = IdSigner.parse(K1);
    String other = SessionIds.generate(new SecureRandom());

    assertThat(signer.verify(other + signer.sign(id).substring(SessionIds.LENGTH))).isNull();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "k1", ".k1.", "not-an-id.k1.AAAAAAAAAAAAAAAAAAAAAA"})
  void verifyWhenShapeWrongThenNull(String value) {
    assertThat(IdSigner.parse(K1).verify(value)).isNull();
  }

  @Test
  void verifyWhenBareIdThenNull() {
    assertThat(IdSigner.parse(K1).verify(id)).isNull();
    assertThat(IdSigner.parse(K1).verify(null)).isNull();
  }

  @Test
  void parseWhenKeyShortThenRefusedNamingKidNotBytes() {
    String shortKey = Base64.getEncoder().encodeToString(new byte[16]);

    assertThatThrownBy(() -> IdSigner.parse("k1=" + shortKey))
        .hasMessage("the key of k1 has 16 bytes; at least 32 are needed")
        .message().doesNotContain(shortKey);
  }

  @Test
  void parseWhenKidTwiceThenRefused() {
    assertThatThrownBy(() -> IdSigner.parse(K1 + "\n" + K1)).hasMessage("key id k1 appears twice");
  }

  @ParameterizedTest
  @ValueSource(strings = {"AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=", "=AAECAw", "k 1=AAEC",
      "kid-longer-than-16=AAEC"})
  void parseWhenEntryNotKidEqualsKeyThenRefusedByPosition(String entry) {
    assertThatThrownBy(() -> IdSigner.parse(K2 + "\n" + entry))
        .hasMessage("entry 2 is not kid=base64key with a key id of 1 to 16 letters, digits, '_' or '-'");
  }

  @Test
  void parseWhenKeyNotBase64ThenRefused() {
    assertThatThrownBy(() -> IdSigner.parse("k1=not base64!")).hasMessage("the key of k1 is not base64");
  }

  @Test
  void parseWhenNoEntryThenRefused() {
    assertThatThrownBy(() -> IdSigner.parse(" \n,\n")).hasMessage("no kid=base64key entry");
  }

  @Test
  void toStringWhenKeysThenOnlyKids() {
    assertThat(IdSigner.parse(K1 + "\n" + K2)).hasToString("IdSigner[k1, k2]");
  }
}
