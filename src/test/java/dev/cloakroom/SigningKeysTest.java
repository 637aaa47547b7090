package dev.cloakroom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where signing keys come from: {@code env:} or {@code file:}, never a literal; and they never show. */
class SigningKeysTest {

  private static final String KEY1 = Base64.getEncoder().encodeToString(new byte[32]);
  private static final String KEY2 = Base64.getEncoder().encodeToString("0123456789abcdef0123456789abcdef".getBytes());
  private static final String ACCEPTS = Param.SIGNING_KEYS.accepts();

  private static Settings parse(Map<String, String> params, Map<String, String> environment) {
    Settings.Builder b = Settings.builder();
    SettingsParser.apply(b, params, "init-param", environment::get);
    return b.build();
  }

  @Test
  void envSourceWhenVariableSetThenItsEntriesAreTheKeys() {
    Settings s = parse(Map.of("signingKeys", "env:CLOAKROOM_SIGNING_KEYS"),
        Map.of("CLOAKROOM_SIGNING_KEYS", "k2=" + KEY2 + ",k1=" + KEY1));

    assertThat(s.signingKeys().keyIds()).containsExactly("k2", "k1");
  }

  @Test
  void envSourceWhenVariableMissingThenInitFailsNamingIt() {
    assertThatThrownBy(() -> parse(Map.of("signingKeys", "env:CLOAKROOM_SIGNING_KEYS"), Map.of()))
        .isInstanceOf(SettingsException.class)
        .hasMessage("signingKeys=env:CLOAKROOM_SIGNING_KEYS: the environment variable is not set");
  }

  @Test
  void fileSourceWhenFileHoldsEntriesOnLinesThenTheyAreTheKeys(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("keys"), "k2=" + KEY2 + "\nk1=" + KEY1 + "\n");

    Settings s = parse(Map.of("signingKeys", "file:" + file), Map.of());

    assertThat(s.signingKeys().keyIds()).containsExactly("k2", "k1");
  }

  @Test
  void fileSourceWhenFileMissingThenInitFailsNamingIt(@TempDir Path dir) {
    Path file = dir.resolve("missing");

    assertThatThrownBy(() -> parse(Map.of("signingKeys", "file:" + file), Map.of()))
        .isInstanceOf(SettingsException.class)
        .hasMessage("signingKeys=file:" + file + ": the file cannot be read (NoSuchFileException)");
  }

  @Test
  void literalWhenGivenInParamsThenRefusedWithoutShowingIt() {
    assertThatThrownBy(() -> parse(Map.of("signingKeys", "k1=" + KEY1), Map.of()))
        .isInstanceOf(SettingsException.class)
        .hasMessage("signingKeys must point to the keys, not hold them (the value is not shown); it accepts " + ACCEPTS);
  }

  @Test
  void sourceWhenKeyTooShortThenInitFailsNamingKidNotKey() {
    String shortKey = Base64.getEncoder().encodeToString(new byte[31]);

    assertThatThrownBy(() -> parse(Map.of("signingKeys", "env:KEYS"), Map.of("KEYS", "k1=" + shortKey)))
        .isInstanceOf(SettingsException.class)
        .hasMessage("signingKeys=env:KEYS: the key of k1 has 31 bytes; at least 32 are needed; it accepts " + ACCEPTS)
        .message().doesNotContain(shortKey);
  }

  @Test
  void sourceWhenKidTwiceThenInitFails() {
    assertThatThrownBy(() -> parse(Map.of("signingKeys", "env:KEYS"), Map.of("KEYS", "k1=" + KEY1 + ",k1=" + KEY2)))
        .isInstanceOf(SettingsException.class)
        .hasMessage("signingKeys=env:KEYS: key id k1 appears twice; it accepts " + ACCEPTS);
  }

  @Test
  void sourceWhenEntryMalformedThenInitFailsNamingItsPositionNotItsText() {
    assertThatThrownBy(() -> parse(Map.of("signingKeys", "env:KEYS"), Map.of("KEYS", "k1=" + KEY1 + "\n" + KEY2)))
        .isInstanceOf(SettingsException.class)
        .hasMessage("signingKeys=env:KEYS: entry 2 is not kid=base64key with a key id of 1 to 16 letters,"
            + " digits, '_' or '-'; it accepts " + ACCEPTS);
  }

  @Test
  void builderWhenKeysGivenInCodeThenAccepted() {
    Settings s = Settings.builder().signingKeys("k1=" + KEY1).build();

    assertThat(s.signingKeys().keyIds()).containsExactly("k1");
  }

  @Test
  void toStringWhenKeysSetThenOnlyKidsShow() {
    Settings s = Settings.builder().signingKeys("k2=" + KEY2 + "\nk1=" + KEY1).build();

    assertThat(s.toString()).contains("signingKeys=kids [k2, k1]").doesNotContain(KEY1).doesNotContain(KEY2);
  }

  @Test
  void settingsWhenNoKeysThenNoneAndIdsUnsigned() {
    Settings s = Settings.builder().build();

    assertThat(s.signingKeys()).isNull();
    assertThat(s.toString()).contains("signingKeys=(none)");
  }
}
