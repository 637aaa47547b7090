package dev.cloakroom.store;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A coarse description of the client a session was signed in from: the network its address belongs to
 * and its browser's family and major version. Coarse on purpose: it tells "another network" or "another
 * browser" apart from "the same user", it identifies no one, and it is small enough to keep in every
 * session record.
 *
 * <p>{@link #of} builds it from the client's address and {@code User-Agent}; it never throws and never
 * does a DNS lookup, whatever the input. Only the first {@value #MAX_USER_AGENT_CHARS} characters of a
 * {@code User-Agent} are read, by plain substring search (no regular expression), so a hostile header
 * costs a bounded, small amount of work. Values read back from a store go through {@link #parse}, which
 * accepts only what {@link #of} can produce.
 *
 * @param network the client's address cut to its network, in CIDR text: an IPv4 address to its /24
 *                ({@code 203.0.113.0/24}), an IPv6 address to its /48 ({@code 2001:db8:1::/48}, in
 *                RFC 5952 form); {@value #UNKNOWN_NETWORK} when the address is missing or not a literal
 *                address; never null
 * @param browser the browser family and major version from the {@code User-Agent}, such as
 *                {@code Chrome 131}, {@code Firefox 133}, {@code Safari 17}, {@code Edge 131},
 *                {@code Opera 115} or {@code Samsung 27}; {@value #OTHER_BROWSER} for anything else
 *                (never the whole header); never null
 * @since 0.2
 */
public record ClientFingerprint(String network, String browser) {

  /** The {@link #network()} of a client whose address is missing or not a literal IP address. */
  public static final String UNKNOWN_NETWORK = "unknown";
  /** The {@link #browser()} of a client whose {@code User-Agent} names no known browser. */
  public static final String OTHER_BROWSER = "other";
  /** How much of a {@code User-Agent} is read. */
  public static final int MAX_USER_AGENT_CHARS = 512;

  /** Longest address text {@link #of} parses (an IPv6 literal with brackets and a short zone). */
  private static final int MAX_ADDRESS_CHARS = 64;
  /** Longest {@link #network()}: {@code ffff:ffff:ffff::/48}. */
  private static final int MAX_NETWORK_CHARS = 20;
  /**
   * The shape of an IPv6 literal (the zone taken off): at least one colon, hex groups of at most four
   * digits, the last maybe a dotted IPv4 address. Only such text is handed to {@link InetAddress}, which
   * reads text with a colon as a literal or refuses it, and never asks a resolver.
   */
  private static final Pattern V6 =
      Pattern.compile("(?=.*:)[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4})*(?::\\d{1,3}(?:\\.\\d{1,3}){3})?");
  /** Digits of a major version kept. */
  private static final int MAX_VERSION_DIGITS = 4;

  /**
   * The known families and their {@code User-Agent} tokens, in the order they are tried: Edge, Opera
   * and Samsung Internet say {@code Chrome/} too, Chrome says {@code Safari/} too, and so does Firefox on
   * iOS; Safari is last and needs its {@code Version/} token.
   */
  private static final String[][] FAMILIES = {
      {"Edge", "Edg/", "EdgA/", "EdgiOS/", "Edge/"},
      {"Opera", "OPR/", "OPT/"},
      {"Samsung", "SamsungBrowser/"},
      {"Firefox", "Firefox/", "FxiOS/"},
      {"Chrome", "Chrome/", "CriOS/"},
  };

  /** What two fingerprints can differ in. */
  public enum Part {
    /** The network ({@link ClientFingerprint#network()}). */
    NETWORK,
    /** The browser family or major version ({@link ClientFingerprint#browser()}). */
    BROWSER
  }

  /**
   * @throws IllegalArgumentException if {@code network} or {@code browser} is not of a form {@link #of}
   *     produces
   */
  public ClientFingerprint {
    Objects.requireNonNull(network, "network");
    Objects.requireNonNull(browser, "browser");
    if (!isNetwork(network)) {
      throw new IllegalArgumentException("not a network of a client fingerprint (a /24 or /48 in CIDR text,"
          + " or " + UNKNOWN_NETWORK + ")");
    }
    if (!isBrowser(browser)) {
      throw new IllegalArgumentException("not a browser of a client fingerprint (a known family and a major"
          + " version, or " + OTHER_BROWSER + ")");
    }
  }

  /**
   * The fingerprint of a client.
   *
   * @param clientAddress the client's address as text (IPv4 dotted quad, or IPv6, with or without
   *                      brackets and zone), or null
   * @param userAgent     the {@code User-Agent} header, or null
   */
  public static ClientFingerprint of(String clientAddress, String userAgent) {
    return new ClientFingerprint(network(clientAddress), browser(userAgent));
  }

  /**
   * A fingerprint from the two texts a store kept, which are untrusted: empty unless both are exactly
   * of a form {@link #of} produces. Never throws.
   */
  public static Optional<ClientFingerprint> parse(String network, String browser) {
    if (network == null || browser == null || !isNetwork(network) || !isBrowser(browser)) {
      return Optional.empty();
    }
    return Optional.of(new ClientFingerprint(network, browser));
  }

  /**
   * What differs between this fingerprint and {@code other}.
   *
   * @return the parts that differ; empty when they are the same client; a new, modifiable set
   */
  public Set<Part> changes(ClientFingerprint other) {
    Objects.requireNonNull(other, "other");
    Set<Part> out = EnumSet.noneOf(Part.class);
    if (!network.equals(other.network)) {
      out.add(Part.NETWORK);
    }
    if (!browser.equals(other.browser)) {
      out.add(Part.BROWSER);
    }
    return out;
  }

  // ---- network

  /** The network of an address: {@code a.b.c.0/24}, an IPv6 /48, or {@value #UNKNOWN_NETWORK}. */
  static String network(String address) {
    if (address == null || address.isEmpty() || address.length() > MAX_ADDRESS_CHARS) {
      return UNKNOWN_NETWORK;
    }
    String a = address;
    if (a.startsWith("[") && a.endsWith("]")) {
      a = a.substring(1, a.length() - 1);
    }
    int zone = a.indexOf('%');
    if (zone >= 0) {
      a = a.substring(0, zone);
    }
    if (a.indexOf(':') < 0) {
      int[] v4 = v4(a);
      return v4 == null ? UNKNOWN_NETWORK : v4Network(v4);
    }
    int[] v6 = v6(a);
    if (v6 == null) {
      return UNKNOWN_NETWORK;
    }
    if (v6[0] == 0 && v6[1] == 0 && v6[2] == 0 && v6[3] == 0 && v6[4] == 0 && v6[5] == 0xffff) {
      // an IPv4 address in IPv6 form (::ffff:a.b.c.d) is that IPv4 client
      return v4Network(new int[] {v6[6] >> 8, v6[6] & 0xff, v6[7] >> 8, v6[7] & 0xff});
    }
    return v6Network(v6);
  }

  private static String v4Network(int[] v4) {
    return v4[0] + "." + v4[1] + "." + v4[2] + ".0/24";
  }

  /** The /48 of eight groups in RFC 5952 form: the zero groups from the fourth on become {@code ::}. */
  private static String v6Network(int[] groups) {
    int kept = 3;
    while (kept > 0 && groups[kept - 1] == 0) {
      kept--;
    }
    return Arrays.stream(groups, 0, kept).mapToObj(Integer::toHexString).collect(Collectors.joining(":")) + "::/48";
  }

  /** Four decimal parts of 0 to 255 (at most three digits each), or null. */
  private static int[] v4(String text) {
    int[] out = new int[4];
    int part = 0;
    int digits = 0;
    int value = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c >= '0' && c <= '9') {
        if (++digits > 3) {
          return null;
        }
        value = value * 10 + (c - '0');
      } else if (c == '.' && digits > 0 && part < 3) {
        if (value > 255) {
          return null;
        }
        out[part++] = value;
        digits = 0;
        value = 0;
      } else {
        return null;
      }
    }
    if (part != 3 || digits == 0 || value > 255) {
      return null;
    }
    out[3] = value;
    return out;
  }

  /**
   * The eight 16-bit groups of an IPv6 text (hex groups of one to four digits, at most one {@code ::},
   * optionally ending in a dotted IPv4 address), or null. Only such characters reach {@link InetAddress},
   * which then parses the text as an IPv6 literal or refuses it, and never asks a resolver.
   */
  private static int[] v6(String text) {
    byte[] b;
    try {
      b = V6.matcher(text).matches() ? InetAddress.getByName(text).getAddress() : null;
    } catch (UnknownHostException | SecurityException e) {
      b = null;
    }
    if (b == null) {
      return null;
    }
    int[] out = new int[8];
    if (b.length == 4) { // ::ffff:a.b.c.d, which InetAddress gives as the IPv4 address it maps
      out[5] = 0xffff;
      out[6] = (b[0] & 0xff) << 8 | b[1] & 0xff;
      out[7] = (b[2] & 0xff) << 8 | b[3] & 0xff;
      return out;
    }
    for (int i = 0; i < 8; i++) {
      out[i] = (b[2 * i] & 0xff) << 8 | b[2 * i + 1] & 0xff;
    }
    return out;
  }

  /** Whether {@code s} is a network exactly as {@link #network(String)} writes it. */
  private static boolean isNetwork(String s) {
    if (s.equals(UNKNOWN_NETWORK)) {
      return true;
    }
    if (s.length() > MAX_NETWORK_CHARS) {
      return false;
    }
    if (s.endsWith("/24")) {
      int[] v4 = v4(s.substring(0, s.length() - 3));
      return v4 != null && v4[3] == 0 && v4Network(v4).equals(s);
    }
    if (s.endsWith("::/48")) {
      int[] v6 = v6(s.substring(0, s.length() - 3));
      return v6 != null && v6[3] == 0 && v6[4] == 0 && v6[5] == 0 && v6[6] == 0 && v6[7] == 0
          && v6Network(v6).equals(s);
    }
    return false;
  }

  // ---- browser

  /** The family and major version named by {@code userAgent}, or {@value #OTHER_BROWSER}. */
  static String browser(String userAgent) {
    if (userAgent == null || userAgent.isEmpty()) {
      return OTHER_BROWSER;
    }
    String ua = userAgent.length() > MAX_USER_AGENT_CHARS ? userAgent.substring(0, MAX_USER_AGENT_CHARS) : userAgent;
    for (String[] family : FAMILIES) {
      for (int i = 1; i < family.length; i++) {
        String major = major(ua, family[i]);
        if (major != null) {
          return family[0] + " " + major;
        }
      }
    }
    if (token(ua, "Safari/") >= 0) {
      String major = major(ua, "Version/");
      if (major != null) {
        return "Safari " + major;
      }
    }
    return OTHER_BROWSER;
  }

  /** The major version after {@code token} (its leading digits, without leading zeros), or null. */
  private static String major(String ua, String token) {
    int at = token(ua, token);
    if (at < 0) {
      return null;
    }
    int start = at + token.length();
    int end = start;
    while (end < ua.length() && end - start < MAX_VERSION_DIGITS && ua.charAt(end) >= '0' && ua.charAt(end) <= '9') {
      end++;
    }
    if (end == start || end < ua.length() && ua.charAt(end) >= '0' && ua.charAt(end) <= '9') {
      return null; // no version, or one longer than any browser's
    }
    return Integer.toString(Integer.parseInt(ua, start, end, 10));
  }

  /** Where {@code token} starts as a product token: at the start, or after a space, '(', ')' or ';'. */
  private static int token(String ua, String token) {
    int from = 0;
    while (true) {
      int at = ua.indexOf(token, from);
      if (at <= 0) {
        return at;
      }
      char before = ua.charAt(at - 1);
      if (before == ' ' || before == '(' || before == ')' || before == ';') {
        return at;
      }
      from = at + 1;
    }
  }

  /** Whether {@code s} is a browser exactly as {@link #browser(String)} writes it. */
  private static boolean isBrowser(String s) {
    if (s.equals(OTHER_BROWSER)) {
      return true;
    }
    int space = s.indexOf(' ');
    if (space < 0 || s.length() - space - 1 < 1 || s.length() - space - 1 > MAX_VERSION_DIGITS) {
      return false;
    }
    String family = s.substring(0, space);
    if (!family.equals("Safari") && java.util.Arrays.stream(FAMILIES).noneMatch(f -> f[0].equals(family))) {
      return false;
    }
    String version = s.substring(space + 1);
    for (int i = 0; i < version.length(); i++) {
      if (version.charAt(i) < '0' || version.charAt(i) > '9') {
        return false;
      }
    }
    return version.equals("0") || version.charAt(0) != '0';
  }
}
