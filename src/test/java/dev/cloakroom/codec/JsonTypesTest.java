package dev.cloakroom.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The {@code jsonTypes} allow-list: its syntax, and which names each form of entry allows. */
class JsonTypesTest {

  @Test
  void allowsWhenExactNameThenThatClassOnly() {
    JsonTypes types = JsonTypes.parse("com.shop.Cart");

    assertThat(types.allows("com.shop.Cart")).isTrue();
    assertThat(types.allows("com.shop.CartLine")).isFalse();
    assertThat(types.allows("com.shop.Cart$Line")).isFalse();
    assertThat(types.allows("com.shop.Order")).isFalse();
  }

  @Test
  void allowsWhenNestedClassListedByBinaryNameThenAllowed() {
    assertThat(JsonTypes.parse("com.shop.Cart$Line").allows("com.shop.Cart$Line")).isTrue();
  }

  @Test
  void allowsWhenPackageStarThenItsClassesAndTheirNestedClassesButNoSubpackage() {
    JsonTypes types = JsonTypes.parse("com.shop.*");

    assertThat(types.allows("com.shop.Cart")).isTrue();
    assertThat(types.allows("com.shop.Cart$Line")).isTrue();
    assertThat(types.allows("com.shop.model.Item")).isFalse();
    assertThat(types.allows("com.shopping.Cart")).isFalse();
    assertThat(types.allows("com.Cart")).isFalse();
  }

  @Test
  void allowsWhenPackageDoubleStarThenSubpackagesToo() {
    JsonTypes types = JsonTypes.parse("com.shop.**");

    assertThat(types.allows("com.shop.Cart")).isTrue();
    assertThat(types.allows("com.shop.model.deep.Item")).isTrue();
    assertThat(types.allows("com.shopping.Cart")).isFalse();
  }

  @Test
  void allowsWhenSeveralEntriesWithBlanksThenEachCounts() {
    JsonTypes types = JsonTypes.parse(" com.shop.Cart ;; com.user.* ;");

    assertThat(types.allows("com.shop.Cart")).isTrue();
    assertThat(types.allows("com.user.Profile")).isTrue();
    assertThat(types.toString()).isEqualTo("com.shop.Cart;com.user.*");
  }

  @ParameterizedTest
  @ValueSource(strings = {"com.shop.Cart ", "com/shop/Cart", "[Lcom.shop.Cart;", "com.shop..Cart", "com.shop.Cärt"})
  void allowsWhenNameMalformedThenFalseWhateverTheList(String name) {
    assertThat(JsonTypes.parse("com.shop.**").allows(name)).isFalse();
  }

  @Test
  void parseWhenNoneThenOnlyBuiltIns() {
    assertThat(JsonTypes.parse(null).allows("com.shop.Cart")).isFalse();
    assertThat(JsonTypes.parse("  ").toString()).isEqualTo("(none)");
  }

  @ParameterizedTest
  @ValueSource(strings = {"*", "**", "!com.shop.Secret", "maxdepth=5", "com.shop.*.Cart", "com.shop.Cart[]",
      "java.util.Date", "java.**", "javax.naming.*", "jdk.internal.**", "sun.misc.Unsafe", "com.sun.rowset.*",
      "java", "com.shop.Cärt", "com shop"})
  void parseWhenEntryNotAcceptedThenMessageNamesIt(String entry) {
    assertThatThrownBy(() -> JsonTypes.parse("com.shop.Cart;" + entry))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("entry " + entry);
  }

  @Test
  void parseWhenOnlySeparatorsThenRejected() {
    assertThatThrownBy(() -> JsonTypes.parse(" ; ;"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("=; ;");
  }

  @Test
  void parseWhenPlatformLookalikePackageThenAccepted() {
    assertThat(JsonTypes.parse("javafx.shop.*;sunrise.Cart").allows("sunrise.Cart")).isTrue();
  }
}
