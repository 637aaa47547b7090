package dev.cloakroom.demo;

/**
 * A tiny HTML builder that escapes everything it is given: markup comes only from string literals in
 * this webapp's code ({@link #raw}), every value goes through {@link #text} or a {@code {}} slot of
 * {@link #fmt}, escaped for element content and quoted attribute values alike.
 */
final class Html {

  private final StringBuilder out = new StringBuilder(4096);

  /** Appends markup written in this webapp's code. Never pass a value that came from a request or a store. */
  Html raw(String markup) {
    out.append(markup);
    return this;
  }

  /** Appends {@code value} escaped; null appends nothing. */
  Html text(Object value) {
    if (value != null) {
      escape(String.valueOf(value), out);
    }
    return this;
  }

  /**
   * Appends {@code template} (markup from this webapp's code) with each {@code {}} replaced by the next
   * argument, escaped.
   */
  Html fmt(String template, Object... args) {
    int from = 0;
    int arg = 0;
    for (int at = template.indexOf("{}"); at >= 0; at = template.indexOf("{}", from)) {
      if (arg >= args.length) {
        throw new IllegalArgumentException("more {} than arguments in: " + template);
      }
      out.append(template, from, at);
      text(args[arg++]);
      from = at + 2;
    }
    if (arg != args.length) {
      throw new IllegalArgumentException("more arguments than {} in: " + template);
    }
    out.append(template, from, template.length());
    return this;
  }

  /** Appends another builder's markup. */
  Html add(Html other) {
    out.append(other.out);
    return this;
  }

  @Override
  public String toString() {
    return out.toString();
  }

  /** {@code s} escaped for element content and quoted attribute values. */
  static String escape(String s) {
    StringBuilder sb = new StringBuilder(s.length() + 16);
    escape(s, sb);
    return sb.toString();
  }

  private static void escape(String s, StringBuilder sb) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '&' -> sb.append("&amp;");
        case '<' -> sb.append("&lt;");
        case '>' -> sb.append("&gt;");
        case '"' -> sb.append("&quot;");
        case '\'' -> sb.append("&#39;");
        default -> sb.append(c);
      }
    }
  }
}
