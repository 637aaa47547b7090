package dev.cloakroom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 7, case 10: {@link StoreSecrets#mask} hides the password of every {@code store} form, whatever
 * characters it holds, by parsing the user info and secret parameters instead of matching a pattern.
 */
class StoreSecretsTest {

  /** The forms a password can take in the store parameter; {@code PW} stands for the password. */
  private static final List<String> FORMS = List.of(
      "redis://:PW@cache:6379/0",
      "redis://app:PW@cache:6379",
      "redis://PW@cache",
      "rediss://app:PW@cache:6380/2",
      "redis-sentinel://:PW@s1:26379,s2:26379/0#mymaster",
      "rediss-sentinel://app:PW@s1:26379#mymaster",
      "redis-cluster://:PW@h1:7000,h2:7000",
      "rediss-cluster://app:PW@h1:7000,h2:7000",
      "jdbc:postgresql://app:PW@db:5432/shop?sslmode=require",
      "jdbc:postgresql://db:5432/shop?user=app&password=PW&sslmode=require",
      "jdbc:postgresql://db:5432/shop?user=app&password=PW",
      "jdbc:mysql://db:3306/shop?user=app&password=PW&useSSL=true",
      "jdbc:mariadb://db/shop?sslPassword=PW",
      "jdbc:sqlserver://db:1433;user=app;password=PW;encrypt=true",
      "jdbc:h2:tcp://db/shop;USER=app;PASSWORD=PW",
      "jdbc:oracle:thin:app/PW@//db:1521/shop");

  /** Every printable ASCII character that is not a letter or digit, and a space. */
  private static final String SPECIALS = " !\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";

  static Stream<Arguments> formsAndCharacters() {
    return FORMS.stream().flatMap(form -> IntStream.range(0, SPECIALS.length())
        .mapToObj(i -> Arguments.of(form, String.valueOf(SPECIALS.charAt(i)))));
  }

  /** The password: three marked pieces joined by {@code c}, so any leaked piece shows. */
  private static String password(String c) {
    return "Qx1" + c + "Qx2" + c + "Qx3";
  }

  @ParameterizedTest(name = "{0} with ''{1}''")
  @MethodSource("formsAndCharacters")
  void maskWhenPasswordHoldsAnyCharacterThenNoPieceOfItShows(String form, String c) {
    String store = form.replace("PW", password(c));

    assertThat(StoreSecrets.mask(store)).doesNotContain("Qx");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("formsAndCharactersPercentEncoded")
  void maskWhenPasswordPercentEncodedThenNoPieceOfItShows(String form) {
    String store = form.replace("PW", URLEncoder.encode(password("@/:?#%&;="), StandardCharsets.UTF_8));

    assertThat(StoreSecrets.mask(store)).doesNotContain("Qx");
  }

  static Stream<String> formsAndCharactersPercentEncoded() {
    return FORMS.stream();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      redis://:pa/ss@cache:6379/0                          | redis://***@cache:6379/0
      redis://:p@ss@cache:6379                             | redis://***@cache:6379
      redis://app:p@s/s:w@cache                            | redis://***@cache
      rediss://:secret@cache:6380                          | rediss://***@cache:6380
      redis-sentinel://:s/e@cret@s1:26379,s2:26379#main    | redis-sentinel://***@s1:26379,s2:26379#main
      redis-cluster://:p%40ss%2F@h1:7000,h2:7000           | redis-cluster://***@h1:7000,h2:7000
      jdbc:postgresql://db/shop?user=app&password=p@s/s&ssl=true | jdbc:postgresql://db/shop?user=app&password=***&ssl=true
      jdbc:postgresql://app:p@s/s@db/shop                  | jdbc:postgresql://***@db/shop
      jdbc:sqlserver://db;user=app;password=p;w;encrypt=true | jdbc:sqlserver://db;user=app;password=***;encrypt=true
      jdbc:oracle:thin:app/p@ss@//db:1521/shop             | jdbc:oracle:thin:***@//db:1521/shop
      mongodb://user:pw@cache:27017                        | mongodb://***@cache:27017
      """)
  void maskWhenUserInfoOrSecretParameterThenHiddenAndTheRestKept(String store, String masked) {
    assertThat(StoreSecrets.mask(store)).isEqualTo(masked);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"memory", "com.example.ShopStoreFactory", "redis://cache:6379/0",
      "redis-sentinel://s1:26379,s2:26379#main", "jdbc:postgresql://db/shop?user=app&sslmode=require"})
  void maskWhenNoSecretThenUnchanged(String store) {
    assertThat(StoreSecrets.mask(store)).isEqualTo(store);
  }

  @Test
  void startupLogLineWhenPasswordHoldsSlashAndAtThenPasswordNotInIt() {
    Settings settings = Settings.builder().store("redis://app:Qx1/Qx2@Qx3@127.0.0.1:6379/0").build();

    assertThat(settings.toString()).contains("store=redis://***@127.0.0.1:6379/0 ").doesNotContain("Qx");
  }

  @Test
  void settingsErrorWhenStoreRefusedThenPasswordNotInTheMessage() {
    assertThatThrownBy(() -> Settings.builder().store("redis://app:Qx1/Qx2@Qx3@cache:6379/x").build())
        .isInstanceOf(SettingsException.class)
        .hasMessageStartingWith("store=redis://***@cache:6379/x is not accepted")
        .message().doesNotContain("Qx");
  }
}
