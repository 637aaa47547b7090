package dev.cloakroom.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The {@code jsonTypes} allow-list: its syntax, and which names each form of entry allows. */
class JsonTypesTest {

  @ParameterizedTest(name = "{0} allows {1}: {2}")
  @CsvSource(delimiter = '|', textBlock = """
      com.shop.Cart              | com.shop.Cart            | true
      com.shop.Cart              | com.shop.CartLine        | false
      com.shop.Cart              | com.shop.Cart$Line       | false
      com.shop.Cart              | com.shop.Order           | false
      com.shop.Cart$Line         | com.shop.Cart$Line       | true
      com.shop.*                 | com.shop.Cart            | true
      com.shop.*                 | com.shop.Cart$Line       | true
      com.shop.*                 | com.shop.model.Item      | false
      com.shop.*                 | com.shopping.Cart        | false
      com.shop.*                 | com.Cart                 | false
      com.shop.**                | com.shop.Cart            | true
      com.shop.**                | com.shop.model.deep.Item | true
      com.shop.**                | com.shopping.Cart        | false
      javafx.shop.*;sunrise.Cart | sunrise.Cart             | true""")
  void allowsWhenListedThenEachFormOfEntryAllowsItsOwnNames(String list, String name, boolean allowed) {
    assertThat(JsonTypes.parse(list).allows(name)).isEqualTo(allowed);
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
}
