package dev.cloakroom.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The demo's HTML builder escapes every value it is given. */
class HtmlTest {

  @Test
  void fmtWhenValuesHoldMarkupThenEveryOneEscaped() {
    String html = new Html().fmt("<p title=\"{}\">{}</p>", "\"><script>", "a & b < c > d 'e'").toString();

    assertThat(html).isEqualTo("<p title=\"&quot;&gt;&lt;script&gt;\">a &amp; b &lt; c &gt; d &#39;e&#39;</p>");
  }

  @Test
  void textWhenNullThenNothing() {
    assertThat(new Html().raw("<b>").text(null).raw("</b>").toString()).isEqualTo("<b></b>");
  }

  @Test
  void fmtWhenSlotsAndArgumentsDifferThenFails() {
    assertThatThrownBy(() -> new Html().fmt("{} {}", "one")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Html().fmt("{}", "one", "two")).isInstanceOf(IllegalArgumentException.class);
  }
}
